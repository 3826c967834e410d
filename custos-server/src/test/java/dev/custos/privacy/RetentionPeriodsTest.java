package dev.custos.privacy;

import java.time.Instant;

import dev.custos.platform.web.CustosException;
import dev.custos.privacy.retention.RetentionPeriods;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retention arithmetic, without the job: defaults, limits and cut-offs, each pinned from both sides. */
class RetentionPeriodsTest {

    private static final Instant NOW = Instant.parse("2026-06-15T10:30:00Z");

    @Test
    @Tag("AI-07")
    @Tag("RT-03")
    @Tag("RT-02")
    @DisplayName("by default run logs and usage are kept 90 days and billing transactions 7 years")
    void defaults() {
        assertThat(RetentionPeriods.DEFAULTS).isEqualTo(new RetentionPeriods(90, 90, 7));
        assertThat(RetentionPeriods.DEFAULTS.runLogCutoff(NOW, null)).isEqualTo("2026-03-17T10:30:00Z");
        assertThat(RetentionPeriods.DEFAULTS.transactionCutoff(NOW)).isEqualTo("2019-06-15T10:30:00Z");
    }

    @Test
    @Tag("RT-03")
    @DisplayName("usage retention is configurable up to two years (730 days), not beyond, and expires whole days")
    void usageUpToTwoYears() {
        assertThatNoException().isThrownBy(() -> new RetentionPeriods(90, 730, 7));
        assertThatThrownBy(() -> new RetentionPeriods(90, 731, 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two years");
        assertThatThrownBy(() -> new RetentionPeriods(90, 0, 7)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RetentionPeriods(90, 730, 7).usageCutoff(NOW)).isEqualTo("2024-06-15T00:00:00Z");
        assertThat(RetentionPeriods.DEFAULTS.usageCutoff(NOW)).as("the start of the day 90 days back, UTC")
                .isEqualTo("2026-03-17T00:00:00Z");
    }

    @Test
    @Tag("AI-07")
    @DisplayName("a workspace sets its own run-log retention, shorter than the installation's only")
    void workspaceMayShorten() {
        RetentionPeriods periods = RetentionPeriods.DEFAULTS;
        assertThatNoException().isThrownBy(() -> periods.checkWorkspaceRunLogDays(1));
        assertThatNoException().isThrownBy(() -> periods.checkWorkspaceRunLogDays(90));
        assertThatNoException().isThrownBy(() -> periods.checkWorkspaceRunLogDays(null));
        assertThatThrownBy(() -> periods.checkWorkspaceRunLogDays(91)).isInstanceOf(CustosException.class)
                .hasMessageContaining("at most 90 days");
        assertThatThrownBy(() -> periods.checkWorkspaceRunLogDays(0)).isInstanceOf(CustosException.class);
        assertThat(periods.runLogCutoff(NOW, 30)).isEqualTo("2026-05-16T10:30:00Z");
    }

    @Test
    @Tag("RT-02")
    @DisplayName("transaction retention is between 1 and 30 years; a leap day goes back to the 28th")
    void transactionYears() {
        assertThatThrownBy(() -> new RetentionPeriods(90, 90, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetentionPeriods(90, 90, 31)).isInstanceOf(IllegalArgumentException.class);
        assertThat(RetentionPeriods.DEFAULTS.transactionCutoff(Instant.parse("2028-02-29T12:00:00Z")))
                .isEqualTo("2021-02-28T12:00:00Z");
    }

    @Test
    @Tag("RT-03")
    @DisplayName("each period is refused outside its range and accepted at both ends of it")
    void ranges() {
        for (int[] accepted : new int[][] {{1, 1, 1}, {3650, 730, 30}}) {
            assertThatNoException().isThrownBy(() -> new RetentionPeriods(accepted[0], accepted[1], accepted[2]));
        }
        for (int[] refused : new int[][] {{0, 90, 7}, {3651, 90, 7}, {90, 0, 7}, {90, 731, 7}, {90, 90, 0},
                {90, 90, 31}}) {
            assertThatThrownBy(() -> new RetentionPeriods(refused[0], refused[1], refused[2]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
