package dev.custos.privacy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.custos.privacy.erasure.Erasures;
import dev.custos.privacy.retention.Retention;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An installation that keeps deleted accounts for the full 30 days before purging (for instance to answer a
 * dispute) runs on its own server here, with that setting.
 */
@dev.custos.keys.SecondInstallation
class ErasureGraceTest extends CustosIntegrationTest {

    @Autowired
    private Erasures erasures;

    @Autowired
    private Retention retention;

    private long peopleRows(SignedIn person) {
        return asOwner().sql("SELECT count(*) FROM people WHERE person_id = :p").param("p", person.personId())
                .query(Long.class).single();
    }

    @Test
    @Tag("RT-01")
    @DisplayName("account data is kept while the account is active, however old; after a deletion request it is "
            + "closed at once and its remaining rows are purged when the 30 days are over, not before")
    void keptWhileActiveDeletedThirtyDaysAfterTheRequest() {
        SignedIn active = signUp("Long Active Person");
        asOwner().sql("UPDATE people SET created_at = now() - interval '5 years' WHERE person_id = :p")
                .param("p", active.personId()).update();
        retention.run();
        assertThat(peopleRows(active)).as("an active account is never expired").isEqualTo(1);
        assertThat(active.client().get("/api/me").status()).isEqualTo(200);

        SignedIn leaving = signUp("Leaving In Thirty Days");
        var accepted = leaving.client().post("/api/privacy/erasure", Map.of("password", PASSWORD));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        UUID request = UUID.fromString(accepted.text("id"));
        assertThat(leaving.client().get("/api/me").status()).as("closed at once").isEqualTo(401);
        Instant purgeAfter = asOwner().sql("SELECT purge_after FROM erasure_jobs WHERE request_id = :id")
                .param("id", request).query(java.sql.Timestamp.class).single().toInstant();
        assertThat(Duration.between(Instant.parse(accepted.text("receivedAt")), purgeAfter))
                .isBetween(Duration.ofDays(30).minusMinutes(1), Duration.ofDays(30).plusMinutes(1));

        erasures.runDue();
        assertThat(peopleRows(leaving)).as("not before the 30 days are over").isEqualTo(1);

        // Thirty days pass.
        asOwner().sql("UPDATE erasure_jobs SET purge_after = now() - interval '1 second' WHERE request_id = :id")
                .param("id", request).update();
        assertThat(erasures.runDue()).isEqualTo(1);
        assertThat(peopleRows(leaving)).isZero();
        assertThat(asOwner().sql("SELECT status FROM privacy_requests WHERE request_id = :id").param("id", request)
                .query(String.class).single()).isEqualTo("completed");
    }

    @Test
    @Tag("RT-01")
    @DisplayName("an installation cannot be set to keep deleted accounts longer than 30 days")
    void graceLongerThanThirtyDaysIsRefused() {
        assertThatThrownBy(() -> Erasures.validGrace(Duration.ofDays(31))).hasMessageContaining("between 0 and 30 days");
        assertThat(Erasures.validGrace(Duration.ofDays(30))).isEqualTo(Duration.ofDays(30));
    }
}
