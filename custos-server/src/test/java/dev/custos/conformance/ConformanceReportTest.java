package dev.custos.conformance;

import java.util.List;

import dev.custos.conformance.ConformanceReport.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a promise's evidence adds up to: "proven" only for passing tests that every breaker made fail. */
class ConformanceReportTest {

    private static final PromiseCatalogue CATALOGUE = PromiseCatalogue.load();

    private static Status statusOf(String id, List<String> tests, List<String> breakers) {
        return ConformanceReport.of(CATALOGUE, tests, breakers).entries().stream()
                .filter(entry -> entry.promise().id().equals(id)).findFirst().orElseThrow().status();
    }

    @Test
    @DisplayName("passing tests and every breaker killed: proven; anything less says what is missing")
    void statusFollowsTheEvidence() {
        String passed = "RT-05\tcustos-server\tErasureTest#erasure\tPASSED";
        String killed = "RT-05\tshred-removed\tKILLED\t2026-12-02";
        assertThat(statusOf("RT-05", List.of(passed), List.of(killed))).isEqualTo(Status.PROVEN);
        assertThat(statusOf("RT-05", List.of(passed), List.of())).isEqualTo(Status.UNCHECKED);
        assertThat(statusOf("RT-05", List.of(passed), List.of(killed, "RT-05\tkeys-kept\tSURVIVED\t2026-12-02")))
                .isEqualTo(Status.BREAKER_SURVIVED);
        assertThat(statusOf("RT-05", List.of(passed), List.of("RT-05\tshred-removed\tNOT_APPLIED\t2026-12-02")))
                .isEqualTo(Status.BREAKER_SURVIVED);
        assertThat(statusOf("RT-05", List.of(passed, "RT-05\tcustos-server\tErasureTest#other\tFAILED"),
                List.of(killed))).isEqualTo(Status.FAILING);
        assertThat(statusOf("RT-05", List.of("RT-05\tcustos-server\tErasureTest#erasure\tSKIPPED"), List.of(killed)))
                .isEqualTo(Status.NOT_RUN);
        assertThat(statusOf("RT-05", List.of(), List.of(killed))).isEqualTo(Status.NOT_PROVEN);
        assertThat(statusOf("RT-04", List.of(passed), List.of(killed))).as("evidence of another promise")
                .isEqualTo(Status.NOT_PROVEN);
    }

    @Test
    @DisplayName("a module's own run outweighs a sibling's reading of its sources")
    void ownRunOutweighsElsewhere() {
        var report = ConformanceReport.of(CATALOGUE, List.of(
                "UX-02\tcustos-cli\tCliTest#runs\tELSEWHERE",
                "UX-02\tcustos-cli\tCliTest#runs\tFAILED",
                "UX-02\tcustos-cli\tCliTest#other\tELSEWHERE"), List.of());
        var entry = report.entries().stream().filter(e -> e.promise().id().equals("UX-02")).findFirst().orElseThrow();
        assertThat(entry.tests()).extracting(ConformanceReport.TestEvidence::describe)
                .containsExactly("failed", "runs in custos-cli's build");
        assertThat(entry.status()).isEqualTo(Status.FAILING);
        var classTagged = ConformanceReport.of(CATALOGUE, List.of("ID-01\tcustos-server\tProfileTest\tELSEWHERE",
                "ID-01\tcustos-server\tProfileTest#everyFieldCanBeCorrected\tPASSED"), List.of());
        assertThat(classTagged.entries().getFirst().tests()).as("a class read from its source, and its tests run")
                .extracting(ConformanceReport.TestEvidence::test).containsExactly("ProfileTest#everyFieldCanBeCorrected");
        assertThat(statusOf("UX-02", List.of("UX-02\tcustos-cli\tCliTest#runs\tELSEWHERE"),
                List.of("UX-02\tno-client\tKILLED\t2026-12-02"))).isEqualTo(Status.PROVEN);
    }

    @Test
    @DisplayName("the counts cover all 70 promises, and a build without tests says so")
    void countsAndEmptyBuild() {
        var report = ConformanceReport.of(CATALOGUE, List.of(), List.of());
        assertThat(report.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(70);
        assertThat(report.counts().get(Status.NOT_PROVEN)).isEqualTo(70);
        assertThat(report.testsRan()).isFalse();
        assertThat(ConformanceMarkdown.render(report)).contains("No promise test ran on this build")
                .contains("| RT-05 | ");
    }

    @Test
    @DisplayName("comments, blank and short lines in the files are skipped; each status has a label, a meaning "
            + "and a tone")
    void filesAndLabels() {
        var report = ConformanceReport.of(CATALOGUE, List.of("# promise\tmodule\ttest\toutcome", "",
                "RT-05\tcustos-server", "RT-05\tcustos-server\tErasureTest#erasure\tPASSED"),
                List.of("# header", "RT-05\tx", "RT-05\tshred-removed\tKILLED\t2026-12-02"));
        var entry = report.entries().stream().filter(e -> e.promise().id().equals("RT-05")).findFirst().orElseThrow();
        assertThat(entry.tests()).hasSize(1);
        assertThat(entry.breakers()).extracting(ConformanceReport.BreakerEvidence::describe)
                .containsExactly("killed (2026-12-02)");
        assertThat(report.testsRan()).isTrue();
        for (Status status : Status.values()) {
            assertThat(status.label()).isNotBlank();
            assertThat(status.meaning()).isNotBlank();
            assertThat(status.tone()).isIn("ok", "accent", "warn", "danger");
        }
    }
}
