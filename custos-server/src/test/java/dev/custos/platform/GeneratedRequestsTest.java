package dev.custos.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
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

        JsonNode paths = anonymous().get("/api/docs/openapi.json").json().get("paths");
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (var path : paths.properties()) {
            for (var operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                if (path.getKey().startsWith("/api/auth/sign") || path.getKey().contains("/erasure")
                        || path.getKey().endsWith("/closure") || method.equals("DELETE") && path.getKey().equals("/api/me")) {
                    continue; // these end the caller's own session or account, which would end the run early
                }
                for (int round = 0; round < rounds; round++) {
                    String url = fill(path.getKey(), random, workspace, otherWorkspace)
                            + (random.nextBoolean() ? "?q=" + encode(pick(random, HOSTILE_TEXT)) + "&limit=-1" : "");
                    ApiClient caller = callers.get(random.nextInt(callers.size()));
                    var response = switch (method) {
                        case "GET" -> caller.get(url);
                        case "DELETE" -> caller.delete(url);
                        case "PUT" -> caller.putRaw(url, body(random));
                        case "PATCH" -> caller.patch(url, Map.of("name", pick(random, HOSTILE_TEXT)));
                        default -> caller.postRaw(url, body(random));
                    };
                    sent++;
                    if (response.status() >= 500) {
                        failures.add(method + " " + url + " -> " + response.status() + " " + response.body());
                    }
                }
            }
        }
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

    private static String body(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "{}";
            case 1 -> "[]";
            case 2 -> "{\"name\": " + random.nextLong() + ", \"password\": [], \"id\": {}}";
            case 3 -> "{\"name\": \"x\\u0000\", \"message\": \"\\ud800\", \"role\": \"superuser\", \"days\": -5}";
            case 4 -> "not json";
            default -> "{\"name\": \"" + "n".repeat(random.nextInt(3000)) + "\", \"limit\": 1e309}";
        };
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
