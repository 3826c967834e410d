package dev.custos.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests generated from the OpenAPI document, as a careless or hostile client would send them: every operation,
 * with ids that exist in another workspace or nowhere, malformed ids, hostile text and bodies of the wrong shape.
 * Whatever Custos refuses, it refuses with a 4xx problem; a 5xx is a bug. The seed and the number of rounds come
 * from {@code -Dcustos.fuzz.seed} and {@code -Dcustos.fuzz.rounds} (3 here; a longer run is in docs/reliability.md).
 */
class GeneratedRequestsTest extends CustosIntegrationTest {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();

    private static final List<String> HOSTILE_TEXT = List.of("", " ", "a".repeat(5000), "\u0000", "' OR 1=1 --",
            "<script>alert(1)</script>", "../../etc/passwd", "%00", "\uD83D\uDE00", "-1", "1e309", "null");

    @Test
    @DisplayName("no generated request, however malformed, gets a 5xx")
    void noGeneratedRequestFailsOnOurSide() {
        long seed = Long.getLong("custos.fuzz.seed", System.nanoTime());
        int rounds = Integer.getInteger("custos.fuzz.rounds", 3);
        Random random = new Random(seed);
        SignedIn person = signUp("Fuzzed Person");
        UUID workspace = createWorkspace(person, "Fuzzed");
        SignedIn other = signUp("Other Tenant");
        UUID otherWorkspace = createWorkspace(other, "Not yours");
        List<ApiClient> callers = List.of(person.client(), anonymous(),
                ApiClient.withApiKey(port, createApiKey(person, workspace, "read", "write", "admin")));

        JsonNode document = anonymous().get("/api/docs/openapi.json").json();
        JsonNode paths = document.get("paths");
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (var path : paths.properties()) {
            for (var operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                if (path.getKey().startsWith("/api/auth/sign") || path.getKey().contains("/erasure")
                        || path.getKey().endsWith("/closure") || method.equals("DELETE") && path.getKey().equals("/api/me")) {
                    continue; // these end the caller's own session or account, which would end the run early
                }
                JsonNode schema = resolve(document, operation.getValue().path("requestBody").path("content")
                        .path("application/json").path("schema"));
                if (!schema.isMissingNode() && !method.equals("GET")) {
                    // One request per unstorable character, every text field carrying it and every other field
                    // plausible, sent by the workspace's owner: what gets past validation to the database.
                    for (String poison : List.of("\u0000", "\uD800")) {
                        String url = fill(path.getKey(), new Random(0), workspace, workspace);
                        String body = JSON.writeValueAsString(generate(document, schema, plausible(poison, workspace), 0));
                        var response = method.equals("PUT") ? person.client().putRaw(url, body)
                                : method.equals("PATCH") ? person.client().patchRaw(url, body)
                                : person.client().postRaw(url, body);
                        sent++;
                        if (response.status() >= 500) {
                            failures.add(method + " " + url + " " + body + " -> " + response.status());
                        }
                    }
                }
                for (int round = 0; round < rounds; round++) {
                    String url = fill(path.getKey(), random, workspace, otherWorkspace)
                            + (random.nextBoolean() ? "?q=" + encode(pick(random, HOSTILE_TEXT)) + "&limit=-1" : "");
                    ApiClient caller = callers.get(random.nextInt(callers.size()));
                    var response = switch (method) {
                        case "GET" -> caller.get(url);
                        case "DELETE" -> caller.delete(url);
                        case "PUT" -> caller.putRaw(url, body(random, document, schema));
                        case "PATCH" -> caller.patchRaw(url, body(random, document, schema));
                        default -> caller.postRaw(url, body(random, document, schema));
                    };
                    sent++;
                    if (response.status() >= 500) {
                        failures.add(method + " " + url + " -> " + response.status() + " " + response.body());
                    }
                }
            }
        }
        System.out.printf("Generated requests: %d sent with seed %d, %d rounds; %d answered 5xx%n", sent, seed,
                rounds, failures.size());
        assertThat(sent).isGreaterThan(300);
        assertThat(failures).as("seed " + seed).isEmpty();
    }

    private static String fill(String template, Random random, UUID mine, UUID theirs) {
        String path = template.replace("{workspaceId}", random.nextInt(4) == 0 ? theirs.toString() : mine.toString());
        return path.replaceAll("\\{[^}]+}", switch (random.nextInt(4)) {
            case 0 -> UUID.randomUUID().toString();
            case 1 -> "not-a-uuid";
            case 2 -> "%20";
            default -> theirs.toString();
        });
    }

    /**
     * Half the time a body of the documented shape with hostile values in every field (what reaches the code behind
     * validation), otherwise one of the wrong shape.
     */
    private static String body(Random random, JsonNode document, JsonNode schema) {
        if (!schema.isMissingNode() && random.nextBoolean()) {
            return JSON.writeValueAsString(generate(document, schema, hostile(random), 0));
        }
        return switch (random.nextInt(6)) {
            case 0 -> "{}";
            case 1 -> "[]";
            case 2 -> "{\"name\": " + random.nextLong() + ", \"password\": [], \"id\": {}}";
            case 3 -> "{\"name\": \"x\\u0000\", \"message\": \"\\ud800\", \"role\": \"superuser\", \"days\": -5}";
            case 4 -> "not json";
            default -> "{\"name\": \"" + "n".repeat(random.nextInt(3000)) + "\", \"limit\": 1e309}";
        };
    }

    /**
     * What goes at the leaves of a body generated from a schema; the walk over the schema is the same for every kind
     * of body ({@link #generate}).
     */
    private interface Leaves {
        /** A value for this property whatever its schema says, or null to follow the schema. */
        @Nullable Object property(String name);

        /** One of an enum's values, or null to send free text instead. */
        @Nullable Object choice(JsonNode options);

        Object text(String format);

        Object number();

        boolean bool();

        /** Items sent after the one the schema describes. */
        List<Object> extraItems();
    }

    /** Values chosen to hurt: hostile text, malformed ids and dates, extreme numbers, odd extra items. */
    private static Leaves hostile(Random random) {
        return new Leaves() {
            public @Nullable Object property(String name) {
                return null;
            }

            public @Nullable Object choice(JsonNode options) {
                return random.nextInt(3) > 0 ? options.get(random.nextInt(options.size())).asString() : null;
            }

            public Object text(String format) {
                return switch (format) {
                    case "uuid" -> random.nextBoolean() ? UUID.randomUUID().toString() : "not-a-uuid";
                    case "date-time" -> random.nextBoolean() ? "2026-13-45T99:00:00Z" : "1970-01-01T00:00:00Z";
                    default -> pick(random, HOSTILE_TEXT);
                };
            }

            public Object number() {
                return pick(random, List.<Object>of(0, -1, Integer.MAX_VALUE, Long.MIN_VALUE, 1e300));
            }

            public boolean bool() {
                return random.nextBoolean();
            }

            public List<Object> extraItems() {
                return List.of(pick(random, HOSTILE_TEXT));
            }
        };
    }

    /** Values that pass validation, but for the poison in every free text field. */
    private static Leaves plausible(String poison, UUID workspace) {
        return new Leaves() {
            public @Nullable Object property(String name) {
                return switch (name) {
                    case "model" -> "offline/scripted-demo";
                    case "region" -> "EU";
                    default -> null;
                };
            }

            public Object choice(JsonNode options) {
                return options.get(0).asString();
            }

            public Object text(String format) {
                return switch (format) {
                    case "uuid" -> workspace.toString();
                    case "date-time" -> "2030-01-01T00:00:00Z";
                    case "email" -> "someone@example.com";
                    default -> "plausible " + poison + " text";
                };
            }

            public Object number() {
                return 7;
            }

            public boolean bool() {
                return true;
            }

            public List<Object> extraItems() {
                return List.of();
            }
        };
    }

    /** A value of the schema's shape, three levels deep at most, with the leaves' values at its leaves. */
    private static Object generate(JsonNode document, JsonNode schema, Leaves leaves, int depth) {
        JsonNode resolved = resolve(document, schema);
        if (resolved.has("enum")) {
            Object choice = leaves.choice(resolved.get("enum"));
            if (choice != null) {
                return choice;
            }
        }
        return switch (resolved.path("type").asString("object")) {
            case "string" -> leaves.text(resolved.path("format").asString(""));
            case "integer", "number" -> leaves.number();
            case "boolean" -> leaves.bool();
            case "array" -> {
                if (depth > 2) {
                    yield List.of();
                }
                var items = new java.util.ArrayList<Object>();
                items.add(generate(document, resolved.path("items"), leaves, depth + 1));
                items.addAll(leaves.extraItems());
                yield items;
            }
            default -> {
                var object = new java.util.LinkedHashMap<String, Object>();
                if (depth <= 2) {
                    resolved.path("properties").properties().forEach(property -> {
                        Object fixed = leaves.property(property.getKey());
                        object.put(property.getKey(), fixed != null ? fixed
                                : generate(document, property.getValue(), leaves, depth + 1));
                    });
                }
                yield object;
            }
        };
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/components/schemas/")) {
            return document.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
