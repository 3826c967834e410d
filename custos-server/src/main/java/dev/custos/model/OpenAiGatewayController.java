package dev.custos.model;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.identity.Actor;
import dev.custos.keys.ContentSeal;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI-compatible gateway: any OpenAI SDK pointed at {@code <custos>/v1} with a Custos API key calls the
 * workspace's allowed models through {@link ModelGateway}, streamed or not. Models are named
 * {@code provider/model}. Refusals go through the one exception handler, whose problem+json carries OpenAI's
 * {@code error} object on {@code /v1} so that SDKs show their message; request bodies are bounded by the
 * request size limit like every API's.
 */
@RestController
class OpenAiGatewayController {

    private final ModelGateway gateway;
    private final Workspaces workspaces;
    private final JsonMapper json;
    private final OpenAiWire wire;
    private final Clock clock;
    private final ContentSeal seal;

    OpenAiGatewayController(ModelGateway gateway, Workspaces workspaces, JsonMapper json, Clock clock,
                            ContentSeal seal) {
        this.seal = seal;
        this.gateway = gateway;
        this.workspaces = workspaces;
        this.json = json;
        this.wire = new OpenAiWire(json);
        this.clock = clock;
    }

    @GetMapping("/v1/models")
    ObjectNode models(Actor actor) {
        WorkspaceAccess access = access(actor).require(Permission.READ);
        ObjectNode list = json.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        gateway.choices(access.workspace()).forEach(choice -> data.add(model(choice)));
        return list;
    }

    /**
     * One model, as {@code models.retrieve} asks for it: {@code /v1/models/provider/model}, or with the slash
     * encoded ({@code provider%2Fmodel}), as OpenAI's SDKs send it.
     */
    @GetMapping("/v1/models/{*id}")
    ObjectNode model(Actor actor, @PathVariable String id) {
        WorkspaceAccess access = access(actor).require(Permission.READ);
        String name = id.startsWith("/") ? id.substring(1) : id;
        return gateway.choices(access.workspace()).stream().filter(choice -> choice.id().equals(name)).findFirst()
                .map(this::model)
                .orElseThrow(WorkspaceModels::modelNotFound);
    }

    private ObjectNode model(ModelChoice choice) {
        return json.createObjectNode().put("id", choice.id()).put("object", "model")
                .put("created", choice.provider().createdAt().getEpochSecond())
                .put("owned_by", choice.provider().displayName());
    }

    @PostMapping("/v1/chat/completions")
    void complete(Actor actor, HttpServletRequest http, HttpServletResponse response) throws IOException {
        WorkspaceAccess access = access(actor).require(Permission.WRITE);
        OpenAiCompletionRequest request = wire.readRequest(jsonBody(http));
        ModelChoice choice = gateway.named(request.model());
        var call = new ModelGateway.ModelCall(access.workspace(), actor.person(),
                actor.apiKey() == null ? null : actor.apiKey().keyId(), null, null, GatewayRequestIds.of(http),
                choice.provider().id(), choice.model(), request.messages(), request.toolsJson(), false,
                new ChatRequest.Options(pseudonymous(access.workspace(), request.parameters()).toString(),
                        request.stream()));
        if (request.stream()) {
            stream(call, request, response);
        } else {
            var fields = new AtomicReference<ChatEvent.ResponseFields>();
            ModelGateway.Completion completion = called(() -> gateway.call(call, event -> {
                if (event instanceof ChatEvent.ResponseFields responseFields) {
                    fields.set(responseFields);
                }
            }));
            response.setContentType("application/json");
            json.writeValue(response.getOutputStream(), wire.completion("chatcmpl-" + call.callId(),
                    clock.instant().getEpochSecond(), request.model(), completion, fields.get()));
        }
    }

    /**
     * The body, which must be JSON: OpenAI's API refuses anything else, and reading a form or plain text as a
     * request would accept what no SDK sends.
     */
    private static byte[] jsonBody(HttpServletRequest http) throws IOException {
        String type = http.getContentType();
        if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(type))) {
            throw new CustosException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Send the request as JSON (Content-Type: application/json).");
        }
        return http.getInputStream().readAllBytes();
    }

    /**
     * {@code user} and {@code safety_identifier} name the client's end user, often by email. A provider gets
     * them only as the workspace's keyed pseudonym: the same person is the same identifier to it (which is what
     * abuse monitoring needs), and nobody the provider could name.
     */
    private ObjectNode pseudonymous(WorkspaceId workspace, ObjectNode parameters) {
        for (String field : List.of("user", "safety_identifier")) {
            if (parameters.path(field).isString()) {
                parameters.put(field, "custos-" + seal.blindToken(workspace, "end-user|" + parameters.path(field)
                        .asString()));
            }
        }
        return parameters;
    }

    /**
     * Streams the call as chunks. A refusal before the first chunk is a problem like any other; one after it ends
     * the stream with OpenAI's error event, as its SDKs expect.
     */
    private void stream(ModelGateway.ModelCall call, OpenAiCompletionRequest request, HttpServletResponse response) {
        var chunks = new OpenAiChunkWriter(json, clock.instant().getEpochSecond(), call.callId(), request.model(),
                response);
        try {
            ModelGateway.Completion completion = called(() -> gateway.call(call, chunks::accept));
            if (request.includeUsage()) {
                chunks.usage(completion.inputTokens(), completion.outputTokens());
            }
            chunks.done();
        } catch (CustosException e) {
            if (!chunks.started()) {
                throw e;
            }
            chunks.error(e);
        }
    }

    /** The model call, its provider's failure passed on as {@link #refusal} says. */
    private static ModelGateway.Completion called(Supplier<ModelGateway.Completion> call) {
        try {
            return call.get();
        } catch (ModelCallFailed e) {
            throw refusal(e);
        } catch (ChatRequest.UnsupportedParameter e) {
            throw CustosException.invalid("unsupported-parameter", e.getMessage())
                    .with(CustosException.PARAM, e.parameter());
        }
    }

    /**
     * A provider's failure as the client should see it, so that SDKs retry what may pass and not what cannot:
     * its refusal of the request (400, 404, 413, 422...) is the client's, with the provider's code and param;
     * its rate limit is 429 with {@code Retry-After}; its overload is 503; anything else, its refusal of Custos's own
     * credentials included, is a bad gateway (502).
     */
    static CustosException refusal(ModelCallFailed e) {
        int status = e.status();
        ModelCallFailed.ProviderError error = e.providerError();
        if (status == 429) {
            return CustosException.tooMany("provider-rate-limited", "The model provider is limiting calls; "
                    + "retry after the time in Retry-After.", e.retryAfter() == null ? Duration.ofSeconds(1)
                    : e.retryAfter()).with(CustosException.PROVIDER_ERROR_CODE, "rate_limit_exceeded");
        }
        if (status == 503 || status == 529) {
            return new CustosException(HttpStatus.SERVICE_UNAVAILABLE, "provider-unavailable",
                    "The model provider is overloaded or unavailable; retry later.");
        }
        HttpStatus clientFault = HttpStatus.resolve(status);
        if (clientFault != null && clientFault.is4xxClientError() && status != 401 && status != 403 && status != 408) {
            CustosException refusal = new CustosException(clientFault, "provider-refused-request",
                    "The model provider refused the request (" + (error == null ? "HTTP " + status : error.name())
                            + ").");
            if (error != null) {
                putIfKnown(refusal, CustosException.PROVIDER_ERROR_TYPE, error.type());
                putIfKnown(refusal, CustosException.PROVIDER_ERROR_CODE, error.code());
                putIfKnown(refusal, CustosException.PARAM, error.param());
            }
            return refusal;
        }
        return new CustosException(HttpStatus.BAD_GATEWAY, "model-call-failed", e.getMessage());
    }

    private static void putIfKnown(CustosException refusal, String member, @Nullable String value) {
        if (value != null) {
            refusal.with(member, value);
        }
    }

    private WorkspaceAccess access(Actor actor) {
        if (actor.apiKey() == null) {
            throw new CustosException(HttpStatus.UNAUTHORIZED, "api-key-required",
                    "Call /v1 with a Custos API key: Authorization: Bearer cst_...");
        }
        return workspaces.access(actor, actor.apiKey().workspace());
    }
}
