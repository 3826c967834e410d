package dev.custos.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The promises Custos keeps, grouped by area, as {@code privacy/promises.yaml} lists them. */
public final class PromiseCatalogue {

    public static final String RESOURCE = "privacy/promises.yaml";

    /** An area of the catalogue ("RT", "Retention and deletion") and its promises in order. */
    public record Area(String code, String title, List<Promise> promises) {
    }

    private final List<Area> areas;

    private PromiseCatalogue(List<Area> areas) {
        this.areas = List.copyOf(areas);
    }

    /** The catalogue this build carries. */
    public static PromiseCatalogue load() {
        try (InputStream in = PromiseCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            return parse(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static PromiseCatalogue parse(Map<String, Object> document) {
        List<Area> areas = new ArrayList<>();
        for (Map<String, Object> area : (List<Map<String, Object>>) document.get("areas")) {
            String code = (String) area.get("code");
            List<Promise> promises = new ArrayList<>();
            for (Map<String, Object> promise : (List<Map<String, Object>>) area.get("promises")) {
                String id = (String) promise.get("id");
                if (!id.startsWith(code + "-")) {
                    throw new IllegalStateException(id + " is listed under area " + code);
                }
                promises.add(new Promise(id, code, (String) promise.get("text"), (String) promise.get("from")));
            }
            areas.add(new Area(code, (String) area.get("title"), promises));
        }
        return new PromiseCatalogue(areas);
    }

    public List<Area> areas() {
        return areas;
    }

    public List<Promise> promises() {
        return areas.stream().flatMap(area -> area.promises().stream()).toList();
    }

    public Optional<Promise> promise(String id) {
        return promises().stream().filter(promise -> promise.id().equals(id)).findFirst();
    }
}
