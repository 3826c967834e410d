package dev.custos.platform.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.csrf.CsrfToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAPI document at /api/docs: what the API is and how to authenticate against it. */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    @Bean
    OpenAPI custosOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Custos API").version("v1").description("""
                        Workspaces, members, invitations, API keys and the audit log of a Custos installation.
                        Authenticate with an API key (`Authorization: Bearer cst_...`), or with the session cookie
                        of a signed-in browser plus its CSRF token in `X-XSRF-TOKEN`. Errors are RFC 9457
                        problem+json documents whose `type` is stable."""))
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("cst_<prefix>_<secret>")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    static {
        // Free-form JSON (a passkey's credential, a tool's arguments) is an object, not Jackson's node properties.
        SpringDocUtils.getConfig()
                .replaceWithSchema(JsonNode.class, new ObjectSchema())
                .replaceWithSchema(ObjectNode.class, new ObjectSchema())
                // Resolved from the request by Spring, never sent by the caller as a parameter.
                .addRequestWrapperToIgnore(CsrfToken.class);
    }

    /** Every operation may be refused; each refusal is an RFC 9457 problem with a stable type. */
    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handler) -> {
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            REFUSALS.forEach((status, meaning) -> {
                if (!responses.containsKey(status)) {
                    responses.addApiResponse(status, new ApiResponse().description(meaning).content(new Content()
                            .addMediaType("application/problem+json", new MediaType().schema(
                                    new Schema<>().$ref("#/components/schemas/Problem")))));
                }
            });
            operation.setResponses(responses);
            return operation;
        };
    }

    /**
     * The problem schema, its {@code type} one of the catalogue's URIs; the catalogue itself (status, title and
     * meaning of each type) rides along as {@code x-problem-types}.
     */
    @Bean
    OpenApiCustomizer problemSchema(ProblemCatalogue catalogue) {
        StringSchema type = new StringSchema();
        type.description("A stable URI; GET it for what the problem means");
        catalogue.entries().forEach(entry -> type.addEnumItem(entry.uri()));
        Map<String, Object> types = new LinkedHashMap<>();
        catalogue.entries().forEach(entry -> types.put(entry.uri(), Map.of("status", entry.statuses(),
                "title", entry.title(), "means", entry.means())));
        return openApi -> {
            openApi.getComponents().addSchemas("Problem", new ObjectSchema()
                    .description("RFC 9457 problem details; `type` is one of the catalogue's /problems/<slug> URIs")
                    .addProperty("type", type).addProperty("title", new StringSchema())
                    .addProperty("status", new IntegerSchema()).addProperty("detail", new StringSchema())
                    .addProperty("instance", new StringSchema()));
            openApi.addExtension("x-problem-types", types);
        };
    }

    private static final Map<String, String> REFUSALS = new LinkedHashMap<>(Map.of(
            "400", "The request is malformed or a field is invalid",
            "401", "No valid session or API key",
            "403", "The caller's role or key scope does not allow this",
            "404", "No such resource in a workspace the caller can see",
            "429", "Too many requests; wait as Retry-After says"));
}
