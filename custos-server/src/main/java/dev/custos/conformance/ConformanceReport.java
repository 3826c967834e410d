package dev.custos.conformance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * For each promise of the catalogue: the tests tagged with its ID and how they ended on this build, the
 * changes that break it and whether its tests caught them, and what that adds up to.
 *
 * <p>Built from two tab-separated files the build leaves: the test recorder's
 * ({@code promise, module, test, outcome}) and {@code proof/check}'s ({@code promise, breaker, result, date}).
 */
public final class ConformanceReport {

    /** What a promise's evidence adds up to, from best to worst news. */
    public enum Status {
        PROVEN("Proven", "ok", "its tests pass on this build, and every change that breaks it makes them fail"),
        UNCHECKED("Tested", "accent",
                "its tests pass on this build; no breaking change has been tried against them yet"),
        NOT_RUN("Not run", "accent", "it has tests, but none ran on this build"),
        BREAKER_SURVIVED("Breaker survived", "danger",
                "a change that breaks it left its tests passing: the proof does not bite"),
        FAILING("Failing", "danger", "a test of it failed on this build"),
        NOT_PROVEN("Not yet proven", "warn", "no test carries its ID yet");

        private final String label;
        private final String tone;
        private final String meaning;

        Status(String label, String tone, String meaning) {
            this.label = label;
            this.tone = tone;
            this.meaning = meaning;
        }

        /** The badge colour the pages show it in. */
        public String tone() {
            return tone;
        }

        public String label() {
            return label;
        }

        public String meaning() {
            return meaning;
        }
    }

    /** How a test ended: PASSED, FAILED, SKIPPED, or ELSEWHERE (it runs in another module's build). */
    public record TestEvidence(String module, String test, String outcome) {
        public boolean ranHere() {
            return !outcome.equals("ELSEWHERE");
        }

        public String describe() {
            return ranHere() ? outcome.toLowerCase(Locale.ROOT) : "runs in " + module + "'s build";
        }
    }

    /** A change that breaks the promise, and what its tests did under it: KILLED, SURVIVED or NOT_APPLIED. */
    public record BreakerEvidence(String breaker, String result, String checkedOn) {
        public boolean killed() {
            return result.equals("KILLED");
        }

        public String describe() {
            return result.toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + checkedOn + ")";
        }
    }

    public record Entry(Promise promise, Status status, List<TestEvidence> tests, List<BreakerEvidence> breakers) {
    }

    public record Section(PromiseCatalogue.Area area, List<Entry> entries) {
    }

    private final List<Section> sections;

    private ConformanceReport(List<Section> sections) {
        this.sections = sections;
    }

    /** The report from the recorder's lines (of any number of modules) and {@code proof/check}'s lines. */
    public static ConformanceReport of(PromiseCatalogue catalogue, List<String> testLines, List<String> breakerLines) {
        Map<String, Map<String, TestEvidence>> tests = new LinkedHashMap<>();
        for (String[] fields : rows(testLines, 4)) {
            var byTest = tests.computeIfAbsent(fields[0], id -> new LinkedHashMap<>());
            var evidence = new TestEvidence(fields[1], fields[2], fields[3]);
            // A module's own run says more than a sibling's reading of its sources.
            byTest.merge(fields[1] + " " + fields[2], evidence, (known, other) -> known.ranHere() ? known : other);
        }
        Map<String, List<BreakerEvidence>> breakers = new LinkedHashMap<>();
        for (String[] fields : rows(breakerLines, 4)) {
            breakers.computeIfAbsent(fields[0], id -> new ArrayList<>())
                    .add(new BreakerEvidence(fields[1], fields[2], fields[3]));
        }
        List<Section> sections = new ArrayList<>();
        for (PromiseCatalogue.Area area : catalogue.areas()) {
            List<Entry> entries = new ArrayList<>();
            for (Promise promise : area.promises()) {
                List<TestEvidence> its = withoutReadWhereRun(tests.getOrDefault(promise.id(), Map.of()).values());
                List<BreakerEvidence> broken = List.copyOf(breakers.getOrDefault(promise.id(), List.of()));
                entries.add(new Entry(promise, status(its, broken), its, broken));
            }
            sections.add(new Section(area, entries));
        }
        return new ConformanceReport(sections);
    }

    /**
     * A module's own run says more than a sibling's reading of its sources, also where the sources name a whole
     * class (its class-level tag) and the run names the class's tests.
     */
    private static List<TestEvidence> withoutReadWhereRun(Collection<TestEvidence> tests) {
        return tests.stream().filter(test -> test.ranHere() || tests.stream().noneMatch(run -> run.ranHere()
                && run.module().equals(test.module())
                && (run.test().equals(test.test()) || run.test().startsWith(test.test() + "#")))).toList();
    }

    static Status status(List<TestEvidence> tests, List<BreakerEvidence> breakers) {
        if (tests.isEmpty()) {
            return Status.NOT_PROVEN;
        }
        if (tests.stream().anyMatch(test -> test.outcome().equals("FAILED"))) {
            return Status.FAILING;
        }
        if (tests.stream().noneMatch(test -> test.outcome().equals("PASSED") || !test.ranHere())) {
            return Status.NOT_RUN;
        }
        if (breakers.isEmpty()) {
            return Status.UNCHECKED;
        }
        return breakers.stream().allMatch(BreakerEvidence::killed) ? Status.PROVEN : Status.BREAKER_SURVIVED;
    }

    private static List<String[]> rows(List<String> lines, int fields) {
        return lines.stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t", -1))
                .filter(row -> row.length >= fields)
                .toList();
    }

    public List<Section> sections() {
        return sections;
    }

    public List<Entry> entries() {
        return sections.stream().flatMap(section -> section.entries().stream()).toList();
    }

    /** How many promises have each status, every status listed. */
    public Map<Status, Long> counts() {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        for (Status status : Status.values()) {
            counts.put(status, 0L);
        }
        entries().forEach(entry -> counts.merge(entry.status(), 1L, Long::sum));
        return counts;
    }

    /** Whether any promise test ran on this build at all (a build with tests skipped carries no results). */
    public boolean testsRan() {
        return entries().stream().flatMap(entry -> entry.tests().stream()).anyMatch(TestEvidence::ranHere);
    }
}
