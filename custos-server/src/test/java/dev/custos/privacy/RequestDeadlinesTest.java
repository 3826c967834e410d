package dev.custos.privacy;

import java.time.Duration;
import java.time.Instant;

import dev.custos.privacy.requests.Jurisdiction;
import dev.custos.privacy.requests.RequestDeadlines;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator's own deadline: shorter than the promise if they wish, never longer. */
class RequestDeadlinesTest {

    private static final Instant DECEMBER_FIRST = Instant.parse("2026-12-01T10:00:00Z"); // a month: 31 days

    @Test
    @Tag("DR-08")
    @DisplayName("by default every law's request is due in 30 days, though GDPR's month here has 31 and CCPA allows 45")
    void thirtyDaysByDefault() {
        var deadlines = new RequestDeadlines(Duration.ofDays(30));
        for (Jurisdiction law : Jurisdiction.values()) {
            assertThat(deadlines.due(law, DECEMBER_FIRST)).as(law.name()).isEqualTo("2026-12-31T10:00:00Z");
        }
    }

    @Test
    @Tag("DR-08")
    @DisplayName("an operator may set a shorter deadline for every request; a longer one than promised is refused at "
            + "start")
    void anOperatorMaySetItShorterNeverLonger() {
        var tenDays = new RequestDeadlines(Duration.ofDays(10));
        assertThat(tenDays.due(Jurisdiction.CCPA, DECEMBER_FIRST)).isEqualTo("2026-12-11T10:00:00Z");
        assertThat(tenDays.due(Jurisdiction.GDPR, DECEMBER_FIRST)).isEqualTo("2026-12-11T10:00:00Z");
        assertThatThrownBy(() -> new RequestDeadlines(Duration.ofDays(31)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("30 days");
        assertThatThrownBy(() -> new RequestDeadlines(Duration.ofHours(2)))
                .isInstanceOf(IllegalStateException.class);
    }
}
