package dev.custos.model;

import java.io.IOException;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletResponse;
import dev.custos.identity.Actor;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

    OpenAiGatewayController(ModelGateway gateway, Workspaces workspaces, JsonMapper json, Clock clock) {
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
        for (ModelChoice choice : gateway.choices(access.workspace())) {
            data.addObject().put("id", choice.id()).put("object", "model")
                    .put("created", choice.provider().createdAt().getEpochSecond())
                    .put("owned_by", choice.provider().displayName());
        }
        return list;
    }

    @PostMapping("/v1/chat/completions")
    void complete(Actor actor, @RequestBody byte[] raw, HttpServletResponse response) throws IOException {
        WorkspaceAccess access = access(actor).require(Permission.WRITE);
        OpenAiCompletionRequest request = wire.readRequest(raw);
        ModelChoice choice = gateway.named(request.model());
        var call = new ModelGateway.ModelCall(access.workspace(), actor.person(),
                actor.apiKey() == null ? null : actor.apiKey().keyId(), null, null, UUID.randomUUID(),
                choice.provider().id(), choice.model(), request.messages(), request.toolsJson(), false);
        if (request.stream()) {
            stream(call, request, response);
        } else {
            ModelGateway.Completion completion = called(() -> gateway.call(call, event -> { }));
            response.setContentType("application/json");
            json.writeValue(response.getOutputStream(), wire.completion("chatcmpl-" + call.callId(),
                    clock.instant().getEpochSecond(), request.model(), completion));
        }
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
            chunks.error(e.type(), e.getMessage());
        }
    }

    /** The model call, its provider's failure refused as a bad gateway. */
    private static ModelGateway.Completion called(Supplier<ModelGateway.Completion> call) {
        try {
            return call.get();
        } catch (ModelCallFailed e) {
            throw new CustosException(HttpStatus.BAD_GATEWAY, "model-call-failed", e.getMessage());
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
