package dev.custos.platform.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

/**
 * The catalogue of problem types ({@code problems.yaml}): every {@code type} Custos answers a refusal with, the
 * status it comes with, and what it means for the caller. Served at {@code /problems/<type>}, so that a problem's
 * type URI leads to its explanation, and listed in the OpenAPI document.
 */
@Component
public class ProblemCatalogue {

    /** One problem type: its slug (the end of its URI), its statuses, a title and what it means. */
    public record Entry(String type, List<Integer> statuses, String title, String means) {

        public String uri() {
            return "/problems/" + type;
        }
    }

    private final List<Entry> entries;

    ProblemCatalogue() {
        this.entries = load();
    }

    public List<Entry> entries() {
        return entries;
    }

    public Optional<Entry> find(String type) {
        return entries.stream().filter(entry -> entry.type().equals(type)).findFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<Entry> load() {
        try (InputStream in = ProblemCatalogue.class.getResourceAsStream("/problems.yaml")) {
            Map<String, Map<String, Object>> problems = (Map<String, Map<String, Object>>)
                    new Yaml().<Map<String, Object>>load(in).get("problems");
            List<Entry> entries = new ArrayList<>();
            problems.forEach((type, entry) -> {
                Object status = entry.get("status");
                List<Integer> statuses = status instanceof List<?> several ? (List<Integer>) several
                        : List.of((Integer) status);
                entries.add(new Entry(type, List.copyOf(statuses), String.valueOf(entry.get("title")),
                        String.valueOf(entry.get("means"))));
            });
            return List.copyOf(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("problems.yaml cannot be read", e);
        }
    }
}
