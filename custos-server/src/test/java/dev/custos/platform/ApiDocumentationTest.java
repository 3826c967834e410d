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
                .map(path -> path.replace("{*", "{")) // a capture of the rest is one parameter in OpenAPI
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

    @Test
    @DisplayName("every documented parameter is one its handler reads, and every documented request body has exactly "
            + "the fields of the record its handler takes")
    void documentMatchesTheHandlers() {
        var document = anonymous().get("/api/docs/openapi.json").json();
        var schemas = document.path("components").path("schemas");
        var wrong = new java.util.ArrayList<String>();
        mappings.getHandlerMethods().forEach((info, handler) -> info.getPatternValues().stream()
                .filter(path -> (path.startsWith("/api/") || path.startsWith("/v1/")) && !path.startsWith("/api/docs"))
                .forEach(path -> info.getMethodsCondition().getMethods().forEach(verb -> {
                    var operation = document.path("paths").path(path).path(verb.name().toLowerCase());
                    if (operation.isMissingNode()) {
                        return;
                    }
                    Set<String> read = new TreeSet<>();
                    Class<?> body = null;
                    for (var parameter : handler.getMethodParameters()) {
                        var name = java.util.Optional.<String>empty();
                        if (parameter.getParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)
                                instanceof org.springframework.web.bind.annotation.PathVariable variable) {
                            name = java.util.Optional.of(variable.value());
                        } else if (parameter.getParameterAnnotation(org.springframework.web.bind.annotation
                                .RequestParam.class) instanceof org.springframework.web.bind.annotation.RequestParam param) {
                            name = java.util.Optional.of(param.value());
                        } else if (parameter.getParameterAnnotation(org.springframework.web.bind.annotation
                                .RequestHeader.class) instanceof org.springframework.web.bind.annotation.RequestHeader header) {
                            name = java.util.Optional.of(header.value());
                        } else if (parameter.hasParameterAnnotation(
                                org.springframework.web.bind.annotation.RequestBody.class)) {
                            body = parameter.getParameterType();
                            continue;
                        } else {
                            continue;
                        }
                        parameter.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
                        read.add(name.filter(n -> !n.isEmpty()).orElse(parameter.getParameterName()));
                    }
                    String where = verb + " " + path;
                    operation.path("parameters").valueStream().map(p -> p.path("name").asString())
                            .filter(name -> !read.contains(name) && !name.equalsIgnoreCase("Last-Event-ID"))
                            .forEach(name -> wrong.add(where + ": documents parameter '" + name + "' no handler reads"));
                    if (body != null && body.isRecord()) {
                        var schema = operation.path("requestBody").path("content").path("application/json")
                                .path("schema");
                        Set<String> documented = properties(schemas, schema);
                        if (!documented.equals(fields(body))) {
                            wrong.add(where + ": documents the body as " + documented + ", the handler reads "
                                    + fields(body));
                        }
                    }
                    Class<?> returned = handler.getReturnType().getParameterType();
                    if (returned.isRecord()) {
                        operation.path("responses").properties().stream()
                                .filter(response -> response.getKey().startsWith("2"))
                                .flatMap(response -> response.getValue().path("content").valueStream())
                                .map(content -> properties(schemas, content.path("schema")))
                                .filter(documented -> !documented.equals(fields(returned)))
                                .forEach(documented -> wrong.add(where + ": documents the answer as " + documented
                                        + ", the handler returns " + fields(returned)));
                    }
                })));
        assertThat(wrong).isEmpty();
    }

    private static Set<String> properties(tools.jackson.databind.JsonNode schemas, tools.jackson.databind.JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        Set<String> names = new TreeSet<>();
        schemas.path(ref.substring(ref.lastIndexOf('/') + 1)).path("properties").propertyNames().forEach(names::add);
        return names;
    }

    /** What Jackson writes of a record: its components, and methods it is told to write as properties. */
    private static Set<String> fields(Class<?> record) {
        Set<String> names = new TreeSet<>();
        for (var component : record.getRecordComponents()) {
            names.add(component.getName());
        }
        for (var method : record.getMethods()) {
            var property = method.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            if (property != null) {
                names.add(property.value().isEmpty() ? method.getName() : property.value());
            }
        }
        return names;
    }
}
