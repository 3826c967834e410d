package dev.custos.privacy;

import java.time.Instant;

import dev.custos.privacy.requests.Jurisdiction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Deadlines of data-subject requests: within 30 days always, earlier where the law says so; 90 at most. */
class JurisdictionTest {

    @Test
    @Tag("DR-08")
    @DisplayName("every request is due within 30 days: GDPR's month when shorter, CCPA's 45 days cut to 30")
    void answeredWithinThirtyDays() {
        Instant july = Instant.parse("2026-07-01T09:00:00Z"); // a month from here is 31 days
        assertThat(Jurisdiction.GDPR.deadline(july)).isEqualTo("2026-07-31T09:00:00Z");
        Instant february = Instant.parse("2026-02-01T09:00:00Z"); // a month from here is 28 days
        assertThat(Jurisdiction.GDPR.deadline(february)).isEqualTo("2026-03-01T09:00:00Z");
        assertThat(Jurisdiction.CCPA.deadline(july)).isEqualTo("2026-07-31T09:00:00Z");
        assertThat(Jurisdiction.KVKK.deadline(july)).isEqualTo("2026-07-31T09:00:00Z");
    }

    @Test
    @Tag("DR-08")
    @DisplayName("a complex request may be extended to 90 days from receipt, never beyond; under KVKK not at all")
    void extensionsUpToNinetyDays() {
        Instant received = Instant.parse("2026-07-01T09:00:00Z");
        assertThat(Jurisdiction.GDPR.latestExtension(received)).isEqualTo("2026-09-29T09:00:00Z");
        assertThat(Jurisdiction.CCPA.latestExtension(received)).isEqualTo("2026-09-29T09:00:00Z");
        assertThat(Jurisdiction.KVKK.latestExtension(received)).isNull();
    }
}
