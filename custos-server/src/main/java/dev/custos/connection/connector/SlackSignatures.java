package dev.custos.connection.connector;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Slack's request signing: {@code X-Slack-Signature} is {@code v0=} and the hex HMAC-SHA256, under the app's
 * signing secret, of {@code v0:<X-Slack-Request-Timestamp>:<raw body>}. A timestamp more than five minutes from
 * now is refused, so that a captured request cannot be replayed later.
 */
public final class SlackSignatures {

    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private SlackSignatures() {
    }

    /**
     * Whether the request could be Slack's at all — a recent timestamp and a signature of the right form — checked
     * before the signing secret is opened (each opening is audited), so that junk costs nothing.
     */
    public static boolean plausible(@Nullable String timestamp, @Nullable String signature, Instant now) {
        if (timestamp == null || signature == null || !timestamp.matches("\\d{1,12}")
                || !signature.matches("v0=[0-9a-f]{64}")) {
            return false;
        }
        return Math.abs(now.getEpochSecond() - Long.parseLong(timestamp)) <= TOLERANCE.toSeconds();
    }

    /** Whether the request is Slack's, signed with {@code signingSecret}, and recent. */
    public static boolean verify(String signingSecret, @Nullable String timestamp, @Nullable String signature,
                                 byte[] body, Instant now) {
        if (!plausible(timestamp, signature, now)) {
            return false;
        }
        byte[] expected = ("v0=" + sign(signingSecret, timestamp, body)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    static String sign(String signingSecret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
