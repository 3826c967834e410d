package dev.custos.model;

import java.io.IOException;
import java.time.Clock;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import dev.custos.identity.Actor;
import dev.custos.platform.web.CustosException;
import dev.custos.platform.web.Problems;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI-compatible gateway: any OpenAI SDK pointed at {@code <custos>/v1} with a Custos API key calls the
 * workspace's allowed models through {@link ModelGateway}, streamed or not. Models are named
 * {@code provider/model}. Refusals are problem+json that also carry OpenAI's {@code error} object, so SDKs
 * show their message.
 */
@RestController
class OpenAiGatewayController {

    /** Conversations grow: larger than the REST API's limit, still bounded. */
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final ModelGateway gateway;
    private final Workspaces workspaces;
    private final JsonMapper json;
    private final Clock clock;

    OpenAiGatewayController(ModelGateway gateway, Workspaces workspaces, JsonMapper json, Clock clock) {
        this.gateway = gateway;
        this.workspaces = workspaces;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/v1/models")
    void models(Actor actor, HttpServletResponse response) throws IOException {
        try {
            WorkspaceAccess access = access(actor).require(Permission.READ);
            ObjectNode list = json.createObjectNode().put("object", "list");
            ArrayNode data = list.putArray("data");
            for (ModelGateway.Choice choice : gateway.choices(access.workspace())) {
                data.addObject().put("id", choice.id()).put("object", "model")
                        .put("created", choice.provider().createdAt().getEpochSecond())
                        .put("owned_by", choice.provider().displayName());
            }
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), list);
        } catch (CustosException e) {
            refuse(response, e.status(), e.type(), e.getMessage());
        }
    }

    @PostMapping(value = "/v1/chat/completions")
    void complete(Actor actor, jakarta.servlet.http.HttpServletRequest httpRequest, HttpServletResponse response)
            throws IOException {
        OpenAiCompletionRequest request;
        ModelGateway.ModelCall call;
        try {
            WorkspaceAccess access = access(actor).require(Permission.WRITE);
            byte[] raw = httpRequest.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
            if (raw.length > MAX_BODY_BYTES) {
                throw new CustosException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
                        "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
            }
            request = OpenAiCompletionRequest.parse(json, raw);
            ModelGateway.Choice choice = gateway.named(request.model());
            call = new ModelGateway.ModelCall(access.workspace(), actor.person(),
                    actor.apiKey() == null ? null : actor.apiKey().keyId(), null, null, UUID.randomUUID(),
                    choice.provider().id(), choice.model(), request.messages(), request.toolsJson(), false);
        } catch (CustosException e) {
            refuse(response, e.status(), e.type(), e.getMessage());
            return;
        }
        if (request.stream()) {
            stream(call, request, response);
        } else {
            whole(call, request, response);
        }
    }

    private void whole(ModelGateway.ModelCall call, OpenAiCompletionRequest request, HttpServletResponse response)
            throws IOException {
        ModelGateway.Completion completion;
        try {
            completion = gateway.call(call, event -> { });
        } catch (CustosException e) {
            refuse(response, e.status(), e.type(), e.getMessage());
            return;
        } catch (ModelCallFailed e) {
            refuse(response, HttpStatus.BAD_GATEWAY, "model-call-failed", e.getMessage());
            return;
        }
        ObjectNode body = json.createObjectNode().put("id", "chatcmpl-" + call.callId()).put("object", "chat.completion")
                .put("created", clock.instant().getEpochSecond()).put("model", request.model());
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (completion.toolCalls().isEmpty() || !completion.text().isEmpty()) {
            message.put("content", completion.text());
        } else {
            message.putNull("content");
        }
        if (!completion.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ChatEvent.ToolCall toolCall : completion.toolCalls()) {
                calls.addObject().put("id", toolCall.id()).put("type", "function").putObject("function")
                        .put("name", toolCall.name()).put("arguments", toolCall.argumentsJson());
            }
        }
        choice.put("finish_reason", OpenAiWire.finishReason(completion.finishReason()));
        body.set("usage", OpenAiWire.usage(json, completion.inputTokens(), completion.outputTokens()));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }

    private void stream(ModelGateway.ModelCall call, OpenAiCompletionRequest request, HttpServletResponse response)
            throws IOException {
        var chunks = new OpenAiChunkWriter(json, clock.instant().getEpochSecond(), call.callId(), request.model(), response);
        try {
            ModelGateway.Completion completion = gateway.call(call, chunks::accept);
            if (request.includeUsage()) {
                ObjectNode last = chunks.chunk();
                last.putArray("choices");
                last.set("usage", OpenAiWire.usage(json, completion.inputTokens(), completion.outputTokens()));
                chunks.send(last);
            }
            chunks.done();
        } catch (CustosException e) {
            if (!chunks.started()) {
                refuse(response, e.status(), e.type(), e.getMessage());
                return;
            }
            chunks.error(e.type(), e.getMessage());
        } catch (ModelCallFailed e) {
            if (!chunks.started()) {
                refuse(response, HttpStatus.BAD_GATEWAY, "model-call-failed", e.getMessage());
                return;
            }
            chunks.error("model-call-failed", e.getMessage());
        }
    }

    private WorkspaceAccess access(Actor actor) {
        if (actor.apiKey() == null) {
            throw new CustosException(HttpStatus.UNAUTHORIZED, "api-key-required",
                    "Call /v1 with a Custos API key: Authorization: Bearer cst_...");
        }
        return workspaces.access(actor, actor.apiKey().workspace());
    }

    private void refuse(HttpServletResponse response, HttpStatusCode status, String type, String message)
            throws IOException {
        ProblemDetail problem = Problems.of(status, type, message);
        problem.setProperty("error", java.util.Map.of("message", message, "type", type, "code", type));
        Problems.write(response, json, problem);
    }
}
