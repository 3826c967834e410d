package dev.custos.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The catalogue Custos publishes is the one it is specified by, and every promise tag in the tests names one
 * of its promises: a mistyped or invented ID would count as proof of nothing.
 */
class PromiseCatalogueTest {

    /** The repository root, from the module the tests run in. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private final PromiseCatalogue catalogue = PromiseCatalogue.load();

    @Test
    @DisplayName("the catalogue holds the specification's 70 promises, in its order, with its wording")
    void catalogueIsTheSpecification() throws IOException {
        Path specification = ROOT.resolveSibling("shared").resolve("PROMISES.md");
        assumeTrue(Files.isRegularFile(specification), "the specification is beside the repository");
        Pattern row = Pattern.compile("^\\| ([A-Z]{2}-\\d{2}) \\| (.*) \\| (.*) \\|$");
        List<Promise> specified = new ArrayList<>();
        for (String line : Files.readAllLines(specification)) {
            Matcher promise = row.matcher(line);
            if (promise.matches()) {
                String id = promise.group(1);
                specified.add(new Promise(id, id.substring(0, 2), promise.group(2), promise.group(3)));
            }
        }
        assertThat(specified).hasSize(70);
        assertThat(catalogue.promises()).containsExactlyElementsOf(specified);
    }

    @Test
    @DisplayName("every @Tag in every module's tests names a promise of the catalogue")
    void everyTagNamesAPromise() throws IOException {
        Pattern tag = Pattern.compile("@(?:org\\.junit\\.jupiter\\.api\\.)?Tag\\(\"([^\"]*)\"\\)");
        List<String> unknown = new ArrayList<>();
        int tags = 0;
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/test/"))
                    .toList()) {
                Matcher found = tag.matcher(Files.readString(file));
                while (found.find()) {
                    tags++;
                    if (catalogue.promise(found.group(1)).isEmpty()) {
                        unknown.add(ROOT.relativize(file) + ": " + found.group(1));
                    }
                }
            }
        }
        assertThat(tags).as("promise tags found").isGreaterThan(100);
        assertThat(unknown).as("tags that name no promise").isEmpty();
    }

    @Test
    @DisplayName("each area's promises carry its code, and IDs are unique")
    void areasHoldTheirOwnPromises() {
        assertThat(catalogue.areas()).extracting(PromiseCatalogue.Area::code)
                .containsExactly("ID", "TN", "AI", "DR", "RT", "SC", "GV", "BL", "UX");
        assertThat(catalogue.promises()).extracting(Promise::id).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("[A-Z]{2}-\\d{2}"));
        catalogue.areas().forEach(area -> assertThat(area.promises())
                .allSatisfy(promise -> assertThat(promise.area()).isEqualTo(area.code())));
    }
}
