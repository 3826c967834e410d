package dev.custos.identity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.custos.identity.factors.Totp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** TOTP codes as every authenticator app computes them, accepted one step either way and once only. */
class TotpTest {

    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.ofEpochSecond(1_234_567_890);

    @Test
    @Tag("ID-05")
    @DisplayName("codes are RFC 6238's: the reference vectors of its appendix B (SHA-1)")
    void rfc6238Vectors() {
        // Appendix B gives eight digits; six-digit codes are their last six.
        assertThat(Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
        assertThat(Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
        assertThat(Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(1234567890)))).isEqualTo("005924");
        assertThat(Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(2000000000)))).isEqualTo("279037");
        assertThat(Totp.fromBase32(Totp.base32(SECRET))).isEqualTo(SECRET);
        assertThat(Totp.base32(SECRET)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    @Test
    @Tag("ID-05")
    @DisplayName("a code is accepted 30 seconds either side of now, not two steps away")
    void oneStepOfDrift() {
        long now = Totp.step(NOW);
        for (long step = now - 1; step <= now + 1; step++) {
            assertThat(Totp.match(SECRET, Totp.code(SECRET, step), NOW, 0)).as("step %d", step - now).hasValue(step);
        }
        assertThat(Totp.match(SECRET, Totp.code(SECRET, now - 2), NOW, 0)).as("a minute old").isEmpty();
        assertThat(Totp.match(SECRET, Totp.code(SECRET, now + 2), NOW, 0)).as("a minute early").isEmpty();
    }

    @Test
    @Tag("ID-05")
    @DisplayName("a code used once, or any older one, never works again; malformed codes never match")
    void usedOnce() {
        long now = Totp.step(NOW);
        assertThat(Totp.match(SECRET, Totp.code(SECRET, now), NOW, now)).isEmpty();
        assertThat(Totp.match(SECRET, Totp.code(SECRET, now - 1), NOW, now - 1)).isEmpty();
        assertThat(Totp.match(SECRET, Totp.code(SECRET, now + 1), NOW, now)).hasValue(now + 1);
        assertThat(Totp.match(SECRET, "12345", NOW, 0)).isEmpty();
        assertThat(Totp.match(SECRET, "12345a", NOW, 0)).isEmpty();
        assertThat(Totp.match(SECRET, null, NOW, 0)).isEmpty();
    }

    @Test
    @Tag("ID-05")
    @DisplayName("secrets go to authenticators as RFC 4648 base32 (its test vectors), and each new secret is 20 "
            + "random bytes")
    void base32AndSecrets() {
        String[][] vectors = {{"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"},
                {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
        for (String[] vector : vectors) {
            byte[] bytes = vector[0].getBytes(StandardCharsets.US_ASCII);
            assertThat(Totp.base32(bytes)).as(vector[0]).isEqualTo(vector[1]);
            assertThat(Totp.fromBase32(vector[1])).isEqualTo(bytes);
        }
        assertThat(Totp.fromBase32("AAAAAAAA")).isEqualTo(new byte[5]);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Totp.fromBase32("MZ1W6"))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] one = Totp.newSecret();
        assertThat(one).hasSize(20).isNotEqualTo(new byte[20]).isNotEqualTo(Totp.newSecret());
    }
}
