package dev.custos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each module's package-info and docs/architecture.md say it depends on is what it declares to Spring Modulith,
 * no more, no less.
 */
class ModuleDescriptionsTest {

    private static final Path MODULES = Path.of("src/main/java/dev/custos");

    @Test
    @DisplayName("every module's description names exactly the modules it declares as allowed dependencies")
    void descriptionsMatchDeclarations() throws IOException {
        List<String> modules;
        try (Stream<Path> dirs = Files.list(MODULES)) {
            modules = dirs.filter(dir -> Files.exists(dir.resolve("package-info.java")))
                    .map(dir -> dir.getFileName().toString()).sorted().toList();
        }
        assertThat(modules).contains("agent", "privacy", "platform");
        for (String module : modules) {
            String info = Files.readString(MODULES.resolve(module).resolve("package-info.java"));
            Matcher declared = Pattern.compile("allowedDependencies = \\{?([^})]*)").matcher(info);
            if (!declared.find()) {
                continue; // an open module (the platform) declares none
            }
            Set<String> allowed = new TreeSet<>();
            Matcher names = Pattern.compile("\"(\\w+)\"").matcher(declared.group(1));
            while (names.find()) {
                allowed.add(names.group(1));
            }
            Matcher sentence = Pattern.compile("Depends (?:only )?on ([^.]*)\\.", Pattern.DOTALL).matcher(info);
            assertThat(sentence.find()).as(module + " says what it depends on").isTrue();
            String said = sentence.group(1).replaceAll("\\([^)]*\\)", "");
            Set<String> named = new TreeSet<>();
            for (String other : modules) {
                if (Pattern.compile("\\b" + other + "\\b").matcher(said).find()) {
                    named.add(other);
                }
            }
            assertThat(named).as(module + ": the modules its description names").isEqualTo(allowed);
            Matcher row = Pattern.compile("\\| `" + module + "` \\|[^\\n]*\\| ([^|\\n]*) \\|\\n").matcher(ARCHITECTURE);
            assertThat(row.find()).as(module + " is in docs/architecture.md's table of modules").isTrue();
            assertThat(new TreeSet<>(List.of(row.group(1).split(",\\s*")))).as(module + " in docs/architecture.md")
                    .isEqualTo(allowed);
        }
    }

    @Test
    @DisplayName("the module graph in docs/architecture.md is the declared dependencies, platform left out")
    void graphMatchesDeclarations() throws IOException {
        List<String> edges = new ArrayList<>();
        for (Map.Entry<String, Set<String>> module : declared().entrySet()) {
            module.getValue().stream().filter(dependency -> !dependency.equals("platform"))
                    .forEach(dependency -> edges.add("    " + module.getKey() + " --> " + dependency));
        }
        String expected = "```mermaid\ngraph LR\n" + String.join("\n", edges) + "\n```";
        assertThat(ARCHITECTURE).as("docs/architecture.md's module graph; paste:\n" + expected).contains(expected);
    }

    /** Each module's declared allowed dependencies, by module, sorted. */
    private static Map<String, Set<String>> declared() throws IOException {
        Map<String, Set<String>> declared = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(MODULES)) {
            for (Path dir : dirs.filter(d -> Files.exists(d.resolve("package-info.java"))).toList()) {
                Matcher found = Pattern.compile("allowedDependencies = \\{?([^})]*)")
                        .matcher(Files.readString(dir.resolve("package-info.java")));
                Set<String> allowed = new TreeSet<>();
                if (found.find()) {
                    Matcher names = Pattern.compile("\"(\\w+)\"").matcher(found.group(1));
                    while (names.find()) {
                        allowed.add(names.group(1));
                    }
                }
                declared.put(dir.getFileName().toString(), allowed);
            }
        }
        return declared;
    }

    private static final String ARCHITECTURE = read(Path.of("../docs/architecture.md"));

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
