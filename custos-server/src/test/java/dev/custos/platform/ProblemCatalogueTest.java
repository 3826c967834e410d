package dev.custos.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.custos.platform.web.ProblemCatalogue;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every problem type is in the catalogue, with its status: the code raises no type the catalogue lacks, the
 * catalogue keeps none nothing raises, the OpenAPI document lists them all, and each type's URI explains it.
 */
class ProblemCatalogueTest extends CustosIntegrationTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/custos");
    private static final String TYPE = "\\s*\"([a-z0-9-]+)\"";
    private static final String STATUS = "\\s*(?:org\\.springframework\\.http\\.)?HttpStatus\\.(\\w+)\\s*,";
    /** The ways main code raises a problem with a literal type, and the status each way carries. */
    private static final Map<Pattern, Integer> RAISED = Map.of(
            Pattern.compile("CustosException\\.invalid\\(" + TYPE), 400,
            Pattern.compile("CustosException\\.conflict\\(" + TYPE), 409,
            Pattern.compile("CustosException\\.tooMany\\(" + TYPE), 429,
            Pattern.compile("\\brefusal\\(" + TYPE), 400);
    private static final Pattern WITH_STATUS = Pattern.compile(
            "(?:new CustosException|Problems\\.of)\\(" + STATUS + TYPE);

    @Autowired
    ProblemCatalogue catalogue;

    @Test
    @DisplayName("every type the code raises is in the catalogue with the status it is raised with")
    void everyRaisedTypeIsCatalogued() throws IOException {
        Map<String, Set<Integer>> raised = raisedTypes();
        assertThat(raised).containsKeys("owner-of-shared-workspaces", "model-call-failed", "invalid-request");
        List<String> missing = new ArrayList<>();
        raised.forEach((type, statuses) -> {
            var entry = catalogue.find(type);
            if (entry.isEmpty() || !entry.get().statuses().containsAll(statuses)) {
                missing.add(type + " " + statuses);
            }
        });
        assertThat(missing).as("raised but not catalogued (or under another status)").isEmpty();
    }

    @Test
    @DisplayName("the catalogue keeps no type that nothing raises")
    void noStaleEntries() throws IOException {
        String code = allSources();
        Set<String> httpSlugs = new HashSet<>();
        for (HttpStatus status : HttpStatus.values()) {
            httpSlugs.add(status.name().toLowerCase().replace('_', '-'));
        }
        List<String> stale = catalogue.entries().stream().map(ProblemCatalogue.Entry::type)
                .filter(type -> !code.contains("\"" + type + "\"") && !httpSlugs.contains(type)).toList();
        assertThat(stale).isEmpty();
    }

    @Test
    @DisplayName("the OpenAPI document lists every type as a value of the problem's type, with its meaning")
    void openApiListsTheCatalogue() {
        JsonNode document = anonymous().get("/api/docs/openapi.json").json();
        Set<String> listed = new TreeSet<>();
        document.path("components").path("schemas").path("Problem").path("properties").path("type").path("enum")
                .forEach(value -> listed.add(value.asString()));
        Set<String> catalogued = new TreeSet<>(catalogue.entries().stream().map(ProblemCatalogue.Entry::uri).toList());
        assertThat(catalogued).hasSizeGreaterThan(100);
        assertThat(listed).isEqualTo(catalogued);
        assertThat(document.path("x-problem-types").path("/problems/owner-of-shared-workspaces").path("means")
                .asString()).contains("ownership");
    }

    @Test
    @DisplayName("a refusal's type URI leads to its explanation, as a page or as JSON")
    void typeUrisResolve() {
        var refused = anonymous().get("/problems/no-such-problem");
        assertThat(refused.status()).isEqualTo(404);
        var owner = signUp("Problem Reader");
        var refusal = owner.client().post("/api/workspaces", Map.of("name", ""));
        assertThat(refusal.status()).isEqualTo(400);
        String type = refusal.problemType();
        var page = anonymous().get(type, "Accept", "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(type).contains(catalogue.find(type.substring("/problems/".length()))
                .orElseThrow().title());
        JsonNode entry = anonymous().get(type, "Accept", "application/json").json();
        assertThat(entry.path("type").asString()).isEqualTo(type.substring("/problems/".length()));
        assertThat(entry.path("statuses").path(0).asInt()).isEqualTo(400);
    }

    private static Map<String, Set<Integer>> raisedTypes() throws IOException {
        Map<String, Set<Integer>> raised = new TreeMap<>();
        for (Path file : sources()) {
            String code = Files.readString(file);
            RAISED.forEach((pattern, status) -> {
                Matcher found = pattern.matcher(code);
                while (found.find()) {
                    raised.computeIfAbsent(found.group(1), type -> new TreeSet<>()).add(status);
                }
            });
            Matcher found = WITH_STATUS.matcher(code);
            while (found.find()) {
                raised.computeIfAbsent(found.group(2), type -> new TreeSet<>())
                        .add(HttpStatus.valueOf(found.group(1)).value());
            }
        }
        return raised;
    }

    private static String allSources() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path file : sources()) {
            all.append(Files.readString(file));
        }
        return all.toString();
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            return walk.filter(path -> path.toString().endsWith(".java")).sorted().toList();
        }
    }
}
