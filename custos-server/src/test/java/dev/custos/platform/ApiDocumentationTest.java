package dev.custos.platform;

import java.util.Set;
import java.util.TreeSet;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("UX-03")
class ApiDocumentationTest extends CustosIntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Test
    @DisplayName("the OpenAPI document is public and describes the API and its bearer authentication")
    void openApiDocumentIsServed() {
        var document = anonymous().get("/api/docs/openapi.json");
        assertThat(document.status()).isEqualTo(200);
        var json = document.json();
        assertThat(json.get("info").get("title").asString()).isEqualTo("Custos API");
        assertThat(json.get("paths").has("/api/workspaces/{workspaceId}/api-keys")).isTrue();
        assertThat(json.get("paths").has("/api/audit/verification")).isTrue();
        assertThat(json.get("components").get("securitySchemes").get("apiKey").get("scheme").asString())
                .isEqualTo("bearer");
        assertThat(anonymous().get("/api/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    @DisplayName("every endpoint of the REST API is in the OpenAPI document, and a documented call works with an API key")
    void everyEndpointIsDocumented() {
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> info.getPatternValues().stream()
                .filter(path -> path.startsWith("/api/") || path.startsWith("/v1/"))
                .filter(path -> !path.startsWith("/api/docs"))
                .forEach(served::add));
        var documented = new TreeSet<String>();
        anonymous().get("/api/docs/openapi.json").json().get("paths").propertyNames().forEach(documented::add);
        assertThat(served).isNotEmpty();
        assertThat(documented).containsAll(served);

        SignedIn person = signUp("Documented Caller");
        java.util.UUID workspace = createWorkspace(person, "Documented");
        var client = ApiClient.withApiKey(port, createApiKey(person, workspace, "read"));
        assertThat(client.get("/api/workspaces/" + workspace + "/agents").status()).isEqualTo(200);
        assertThat(client.get("/api/workspaces/" + workspace + "/sessions").status()).isEqualTo(200);
    }

    @Test
    @DisplayName("the OpenAPI document is accurate: no phantom parameters, refusals documented as problems, "
            + "free-form JSON as objects")
    void documentIsAccurate() {
        var document = anonymous().get("/api/docs/openapi.json").json();
        var operations = new java.util.ArrayList<tools.jackson.databind.JsonNode>();
        document.get("paths").forEach(path -> path.forEach(operations::add));
        assertThat(operations).hasSizeGreaterThan(100).allSatisfy(operation -> {
            assertThat(operation.path("parameters").valueStream().map(p -> p.path("name").asString()))
                    .as(operation.path("operationId").asString()).doesNotContain("actor");
            assertThat(operation.path("responses").has("400")).isTrue();
            assertThat(operation.path("responses").path("401").path("content").has("application/problem+json"))
                    .isTrue();
        });
        assertThat(document.toString()).as("Jackson's node properties are not part of any schema")
                .doesNotContain("\"containerNode\"", "\"valueNode\"", "\"missingNode\"");
    }
}
