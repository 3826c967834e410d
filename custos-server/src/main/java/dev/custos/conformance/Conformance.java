package dev.custos.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.stereotype.Service;

/**
 * This installation's conformance report: the catalogue it carries and the evidence its build packaged
 * ({@code conformance/tests.tsv} from the test run, {@code conformance/breakers.tsv} from the last
 * {@code proof/check}). Read once: none of it changes while Custos runs.
 */
@Service
public class Conformance {

    static final String TESTS = "conformance/tests.tsv";
    static final String BREAKERS = "conformance/last-check.tsv";

    private final ConformanceReport report =
            ConformanceReport.of(PromiseCatalogue.load(), linesOf(TESTS), linesOf(BREAKERS));

    public ConformanceReport report() {
        return report;
    }

    public String markdown() {
        return ConformanceMarkdown.render(report);
    }

    /** A packaged file's lines; none when the build left it out (tests skipped, no check run). */
    private static List<String> linesOf(String resource) {
        try (InputStream in = Conformance.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? List.of() : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
