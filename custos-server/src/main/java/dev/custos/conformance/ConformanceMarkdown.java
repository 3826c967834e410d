package dev.custos.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The conformance report as Markdown: what {@code /conformance.md} serves, and what the build writes to
 * {@code docs/conformance.md} ({@link #main}) once every module's tests have run.
 */
public final class ConformanceMarkdown {

    private ConformanceMarkdown() {
    }

    public static String render(ConformanceReport report) {
        StringBuilder md = new StringBuilder("""
                # Conformance

                Every promise Custos keeps, the tests tagged with its ID and how they ended on this build, and the
                changes that break it (`proof/breakers/`) with what its tests did under them at the last
                `proof/check`. A promise is proven when its tests pass and fail under every change that breaks it.

                """);
        if (!report.testsRan()) {
            md.append("No promise test ran on this build (tests were skipped): results are unknown.\n\n");
        }
        md.append("| Status | Promises | Meaning |\n|---|---|---|\n");
        report.counts().forEach((status, count) -> md.append("| ").append(status.label()).append(" | ")
                .append(count).append(" | ").append(status.meaning()).append(" |\n"));
        for (ConformanceReport.Section section : report.sections()) {
            md.append("\n## ").append(section.area().code()).append(" — ").append(section.area().title())
                    .append("\n\n| ID | Promise | Status | Tests | Breakers |\n|---|---|---|---|---|\n");
            for (ConformanceReport.Entry entry : section.entries()) {
                md.append("| ").append(entry.promise().id())
                        .append(" | ").append(cell(entry.promise().text()))
                        .append(" | ").append(entry.status().label())
                        .append(" | ").append(entry.tests().stream().map(ConformanceMarkdown::test)
                                .collect(Collectors.joining("<br>")))
                        .append(" | ").append(entry.breakers().stream().map(ConformanceMarkdown::breaker)
                                .collect(Collectors.joining("<br>")))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    private static String test(ConformanceReport.TestEvidence test) {
        return "`" + test.test() + "` " + test.describe();
    }

    private static String breaker(ConformanceReport.BreakerEvidence breaker) {
        return "`" + breaker.breaker() + "` " + breaker.describe();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /**
     * Writes {@code docs/conformance.md} of the repository at {@code args[0]} from every module's recorded test
     * results and {@code proof/last-check.tsv}.
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<String> tests = new ArrayList<>();
        try (var modules = Files.list(root)) {
            for (Path module : modules.sorted().toList()) {
                Path recorded = module.resolve("target/conformance/tests.tsv");
                if (Files.isRegularFile(recorded)) {
                    tests.addAll(Files.readAllLines(recorded));
                }
            }
        }
        Path checked = root.resolve("proof/last-check.tsv");
        List<String> breakers = Files.isRegularFile(checked) ? Files.readAllLines(checked) : List.of();
        Files.writeString(root.resolve("docs/conformance.md"),
                render(ConformanceReport.of(PromiseCatalogue.load(), tests, breakers)));
    }
}
