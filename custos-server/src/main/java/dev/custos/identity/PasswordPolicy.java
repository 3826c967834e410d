package dev.custos.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Component;

/**
 * What a new password must be: at least 12 characters, at most 256, not a well-known password and not built from
 * the person's own email. Length beats composition rules (NIST SP 800-63B), so there are none.
 */
@Component
class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 256;

    private final Set<String> common;

    PasswordPolicy() {
        var resource = Objects.requireNonNull(getClass().getResourceAsStream("common-passwords.txt"),
                "common-passwords.txt is bundled with the identity module");
        try (var lines = new BufferedReader(new InputStreamReader(resource, StandardCharsets.UTF_8))) {
            common = lines.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void check(String password, String email) {
        if (password.length() < MIN_LENGTH) {
            throw weak("Use at least " + MIN_LENGTH + " characters.");
        }
        if (password.length() > MAX_LENGTH) {
            throw weak("Use at most " + MAX_LENGTH + " characters.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) {
            throw weak("This password is on a list of common passwords; choose another.");
        }
        if (lower.chars().distinct().count() < 4) {
            throw weak("Use more than a few different characters.");
        }
        String localPart = email.toLowerCase(Locale.ROOT).split("@", 2)[0];
        if (localPart.length() >= 4 && lower.contains(localPart)) {
            throw weak("Do not build the password from your email address.");
        }
    }

    private static CustosException weak(String message) {
        return CustosException.invalid("weak-password", "The password is too weak. " + message);
    }
}
