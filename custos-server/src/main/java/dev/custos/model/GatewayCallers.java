package dev.custos.model;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import dev.custos.identity.Actor;
import dev.custos.keys.ContentSeal;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every gateway route asks of its caller, in one place: a Custos API key (not a browser session), a JSON
 * body, and end-user identifiers that reach a provider only as the workspace's pseudonyms.
 */
@Component
class GatewayCallers {

    private final Workspaces workspaces;
    private final ContentSeal seal;
    private final ModelGateway gateway;

    GatewayCallers(Workspaces workspaces, ContentSeal seal, ModelGateway gateway) {
        this.workspaces = workspaces;
        this.seal = seal;
        this.gateway = gateway;
    }

    /**
     * The model call a gateway request asks for, on the API key's behalf, under the request's id: to the model it
     * names, or along the workspace's route of that name.
     *
     * @param parameters the call's parameters by their Chat Completions names, end users not yet pseudonymised
     */
    ModelGateway.ModelCall call(WorkspaceAccess access, Actor actor, HttpServletRequest http, String model,
                                List<ChatRequest.Message> messages, @Nullable String toolsJson, ObjectNode parameters,
                                boolean stream) {
        CallDestination destination = gateway.destination(access.workspace(), model);
        return new ModelGateway.ModelCall(access.workspace(), actor.person(), actor.apiKey().keyId(), null, null,
                GatewayRequestIds.of(http), destination.first().providerId(), destination.first().model(), messages,
                toolsJson, false, new ChatRequest.Options(pseudonymous(access.workspace(), parameters).toString(),
                stream), destination.route(), destination.fallbacks());
    }

    /** The workspace the caller's API key belongs to, as that key may use it. */
    WorkspaceAccess access(Actor actor) {
        if (actor.apiKey() == null) {
            throw new CustosException(HttpStatus.UNAUTHORIZED, "api-key-required",
                    "Call /v1 with a Custos API key: Authorization: Bearer cst_... (or x-api-key: cst_...).");
        }
        return workspaces.access(actor, actor.apiKey().workspace());
    }

    /**
     * The body, which must be JSON: OpenAI's and Anthropic's APIs refuse anything else, and reading a form or plain
     * text as a request would accept what no SDK sends.
     */
    static byte[] jsonBody(HttpServletRequest http) throws IOException {
        String type = http.getContentType();
        if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(type))) {
            throw new CustosException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Send the request as JSON (Content-Type: application/json).");
        }
        return http.getInputStream().readAllBytes();
    }

    /** The body as a JSON object, or the refusal every gateway client expects: malformed JSON, or not an object. */
    static JsonNode jsonObject(JsonMapper json, byte[] raw) {
        JsonNode body;
        try {
            body = json.readTree(raw);
        } catch (JacksonException e) {
            throw CustosException.invalid("malformed-json", "The request body is not valid JSON.");
        }
        if (!body.isObject()) {
            throw CustosException.invalid("invalid-request", "The request body must be a JSON object.");
        }
        return body;
    }

    /**
     * The refusal of a parameter the route does not know, named (cut to 64 characters) in the message's
     * {@code %s} and as the error's {@code param}.
     */
    static CustosException unrecognized(String name, String message) {
        String shown = name.length() > 64 ? name.substring(0, 64) : name;
        return CustosException.invalid("unrecognized-parameter", message.formatted(shown))
                .with(CustosException.PARAM, shown);
    }

    /**
     * An end user's identifier as a provider may see it. Clients name their end users ({@code user},
     * {@code safety_identifier}, Anthropic's {@code metadata.user_id}) often by email; a provider gets the
     * workspace's keyed pseudonym instead: the same person is the same identifier to it (which is what abuse
     * monitoring needs), and nobody the provider could name.
     */
    String pseudonym(WorkspaceId workspace, String endUser) {
        return "custos-" + seal.blindToken(workspace, "end-user|" + endUser);
    }

    /** The parameters with {@code user} and {@code safety_identifier} replaced by their {@link #pseudonym}s. */
    ObjectNode pseudonymous(WorkspaceId workspace, ObjectNode parameters) {
        for (String field : List.of("user", "safety_identifier")) {
            if (parameters.path(field).isString()) {
                parameters.put(field, pseudonym(workspace, parameters.path(field).asString()));
            }
        }
        return parameters;
    }
}
