package dev.custos.billing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A {@code Stripe-Signature} header made by the test itself: to forge, or to sign with an old timestamp. */
final class FakeStripeSignatures {

    private FakeStripeSignatures() {
    }

    static String sign(String secret, Instant at, String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal((t + "." + payload)
                .getBytes(StandardCharsets.UTF_8)));
    }
}
