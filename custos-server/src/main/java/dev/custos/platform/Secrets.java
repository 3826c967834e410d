package dev.custos.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * High-entropy secrets handed to people once (invitation codes, API keys) and the hashes kept in their place.
 *
 * <p>A plain SHA-256 is the right hash here, unlike for passwords: these secrets carry 192 random bits, so no
 * dictionary or brute-force search can reverse the hash, and a slow hash would only slow down every API call.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Secrets() {
    }

    /** A random string of base-62 characters; 33 of them carry more than 192 bits. */
    public static String random(int length) {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return text.toString();
    }

    public static String sha256(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
