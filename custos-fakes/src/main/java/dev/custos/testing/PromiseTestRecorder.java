package dev.custos.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records, for every test tagged with a promise ID ({@code @Tag("RT-04")}), whether it passed on this build, in
 * {@code target/conformance/tests.tsv} of the module under test. The server packages that file, so its
 * {@code /conformance} page shows the result of the build it came from; {@code docs/conformance.md} is written
 * from the files of every module.
 *
 * <p>Registered through {@code META-INF/services}, so it runs wherever this module is on a test classpath. Tests
 * of sibling modules, which run in their own builds, are listed from their sources as run elsewhere.
 */
public final class PromiseTestRecorder implements TestExecutionListener {

    /** A promise ID as the catalogue writes it. */
    public static final Pattern PROMISE_ID = Pattern.compile("[A-Z]{2}-\\d{2}");

    private static final Pattern TAG_IN_SOURCE = Pattern.compile("@(?:org\\.junit\\.jupiter\\.api\\.)?Tag\\(\"([A-Z]{2}-\\d{2})\"\\)");
    private static final Pattern TAGGED_DECLARATION = Pattern.compile("\\bclass\\s+(\\w+)|\\bvoid\\s+(\\w+)\\s*\\(");

    /** Test (class#method) → its outcome; a parameterized test fails if any invocation did. */
    private final Map<String, Outcome> outcomes = new TreeMap<>();
    private final Map<String, List<String>> promisesOf = new TreeMap<>();
    private TestPlan plan;

    /** How a test ended on this build, or that it runs in another module's build. */
    public enum Outcome { PASSED, FAILED, SKIPPED, ELSEWHERE }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        record(test, Outcome.SKIPPED);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        record(test, result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? Outcome.PASSED
                : result.getStatus() == TestExecutionResult.Status.ABORTED ? Outcome.SKIPPED : Outcome.FAILED);
    }

    private void record(TestIdentifier test, Outcome outcome) {
        Optional<String> name = testMethod(test);
        if (name.isEmpty()) {
            return;
        }
        List<String> promises = promisesOf(test);
        if (promises.isEmpty()) {
            return;
        }
        promisesOf.put(name.get(), promises);
        outcomes.merge(name.get(), outcome, PromiseTestRecorder::worse);
    }

    /** Of two invocations of one test: a failure is never hidden behind a pass, nor a pass behind a skip. */
    private static Outcome worse(Outcome one, Outcome other) {
        if (one == Outcome.FAILED || other == Outcome.FAILED) {
            return Outcome.FAILED;
        }
        return one == Outcome.PASSED || other == Outcome.PASSED ? Outcome.PASSED : one;
    }

    /** The class#method a test (or one invocation of it) belongs to. */
    private Optional<String> testMethod(TestIdentifier test) {
        for (TestIdentifier at = test; at != null; at = plan.getParent(at).orElse(null)) {
            Optional<TestSource> source = at.getSource();
            if (source.isPresent() && source.get() instanceof MethodSource method) {
                String className = method.getClassName();
                return Optional.of(className.substring(className.lastIndexOf('.') + 1) + "#"
                        + method.getMethodName());
            }
        }
        return Optional.empty();
    }

    /** Promise tags on the test or any container above it (a tag on the class covers its tests). */
    private List<String> promisesOf(TestIdentifier test) {
        List<String> promises = new ArrayList<>();
        for (TestIdentifier at = test; at != null; at = plan.getParent(at).orElse(null)) {
            for (TestTag tag : at.getTags()) {
                if (PROMISE_ID.matcher(tag.getName()).matches() && !promises.contains(tag.getName())) {
                    promises.add(tag.getName());
                }
            }
        }
        return promises;
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (outcomes.isEmpty()) {
            return;
        }
        Path moduleDirectory = Path.of("").toAbsolutePath();
        List<String> lines = new ArrayList<>();
        lines.add("# promise\tmodule\ttest\toutcome");
        String module = moduleDirectory.getFileName().toString();
        outcomes.forEach((test, outcome) -> promisesOf.get(test)
                .forEach(promise -> lines.add(promise + "\t" + module + "\t" + test + "\t" + outcome)));
        lines.addAll(testsOfSiblings(moduleDirectory));
        try {
            Path file = moduleDirectory.resolve("target/conformance/tests.tsv");
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("The promise test results could not be written", e);
        }
    }

    /** Promise-tagged tests in the other modules' sources: they run in those modules' builds. */
    private static List<String> testsOfSiblings(Path moduleDirectory) {
        Path root = moduleDirectory.getParent();
        List<String> lines = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path sibling : modules.filter(dir -> !dir.equals(moduleDirectory)).sorted().toList()) {
                Path tests = sibling.resolve("src/test/java");
                if (!Files.isDirectory(tests)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(tests)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                        lines.addAll(taggedTestsIn(file, sibling.getFileName().toString()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The sibling modules' tests could not be read", e);
        }
        return lines;
    }

    /** Each {@code @Tag("XX-NN")}, paired with the test method or the test class (all its tests) it is on. */
    static List<String> taggedTestsIn(Path file, String module) throws IOException {
        String source = Files.readString(file);
        String className = file.getFileName().toString().replace(".java", "");
        List<String> lines = new ArrayList<>();
        Matcher tag = TAG_IN_SOURCE.matcher(source);
        while (tag.find()) {
            Matcher tagged = TAGGED_DECLARATION.matcher(source);
            if (tagged.find(tag.end())) {
                String test = tagged.group(1) != null ? className : className + "#" + tagged.group(2);
                lines.add(tag.group(1) + "\t" + module + "\t" + test + "\t" + Outcome.ELSEWHERE);
            }
        }
        return lines;
    }
}
