package dev.custos.model;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import dev.custos.identity.Actor;
import dev.custos.platform.web.CustosException;
import dev.custos.platform.web.EventStream;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
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
        CompletionRequest request;
        ModelGateway.ModelCall call;
        try {
            WorkspaceAccess access = access(actor).require(Permission.WRITE);
            byte[] raw = httpRequest.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
            if (raw.length > MAX_BODY_BYTES) {
                throw new CustosException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
                        "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
            }
            request = CompletionRequest.parse(json, raw);
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

    private void whole(ModelGateway.ModelCall call, CompletionRequest request, HttpServletResponse response)
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
        choice.put("finish_reason", finishReason(completion.finishReason()));
        body.set("usage", usage(completion.inputTokens(), completion.outputTokens()));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }

    private void stream(ModelGateway.ModelCall call, CompletionRequest request, HttpServletResponse response)
            throws IOException {
        var chunks = new ChunkWriter(call, request, response);
        try {
            ModelGateway.Completion completion = gateway.call(call, chunks::accept);
            if (request.includeUsage()) {
                ObjectNode last = chunks.chunk();
                last.putArray("choices");
                last.set("usage", usage(completion.inputTokens(), completion.outputTokens()));
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

    /** Writes the stream in OpenAI's chunk format, headers only once the first event is ready. */
    private final class ChunkWriter {
        private final ModelGateway.ModelCall call;
        private final CompletionRequest request;
        private final EventStream stream;
        private final long created = clock.instant().getEpochSecond();
        private int toolIndex;

        ChunkWriter(ModelGateway.ModelCall call, CompletionRequest request, HttpServletResponse response) {
            this.call = call;
            this.request = request;
            this.stream = new EventStream(response);
        }

        boolean started() {
            return stream.started();
        }

        void accept(ChatEvent event) {
            switch (event) {
                case ChatEvent.TextDelta delta -> {
                    ObjectNode chunk = chunk();
                    ObjectNode choice = choice(chunk);
                    ((ObjectNode) choice.get("delta")).put("content", delta.text());
                    choice.putNull("finish_reason");
                    send(chunk);
                }
                case ChatEvent.ToolCall toolCall -> {
                    ObjectNode chunk = chunk();
                    ObjectNode choice = choice(chunk);
                    ObjectNode entry = ((ObjectNode) choice.get("delta")).putArray("tool_calls").addObject()
                            .put("index", toolIndex++).put("id", toolCall.id()).put("type", "function");
                    entry.putObject("function").put("name", toolCall.name()).put("arguments", toolCall.argumentsJson());
                    choice.putNull("finish_reason");
                    send(chunk);
                }
                case ChatEvent.Finished finished -> {
                    ObjectNode chunk = chunk();
                    ObjectNode choice = choice(chunk);
                    choice.put("finish_reason", finishReason(finished.reason()));
                    send(chunk);
                }
                case ChatEvent.Usage usage -> {
                    // sent once, after the finish, when the client asked for it
                }
            }
        }

        ObjectNode chunk() {
            return json.createObjectNode().put("id", "chatcmpl-" + call.callId()).put("object", "chat.completion.chunk")
                    .put("created", created).put("model", request.model());
        }

        /** A chunk's only choice with an empty delta, which names the role in the stream's first chunk. */
        private ObjectNode choice(ObjectNode chunk) {
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            ObjectNode delta = choice.putObject("delta");
            if (!stream.started()) {
                delta.put("role", "assistant");
            }
            return choice;
        }

        void send(ObjectNode chunk) {
            data(json.writeValueAsString(chunk));
        }

        void done() {
            data("[DONE]");
        }

        void error(String type, String message) {
            ObjectNode body = json.createObjectNode();
            body.putObject("error").put("message", message).put("type", type).put("code", type);
            send(body);
        }

        private void data(String data) {
            try {
                stream.data(data);
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }
    }

    /** The client closed the stream: the provider call is abandoned. */
    static final class ClientGone extends RuntimeException {
        ClientGone(IOException cause) {
            super("The client closed the stream", cause);
        }
    }

    private ObjectNode usage(long input, long output) {
        return json.createObjectNode().put("prompt_tokens", input).put("completion_tokens", output)
                .put("total_tokens", input + output);
    }

    private static String finishReason(String providerReason) {
        return switch (providerReason) {
            case "tool_use", "tool_calls" -> "tool_calls";
            case "max_tokens", "length" -> "length";
            default -> "stop";
        };
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

    /** The parts of an OpenAI chat completion request Custos acts on. */
    record CompletionRequest(String model, List<ChatRequest.Message> messages, @org.jspecify.annotations.Nullable String toolsJson,
                             boolean stream, boolean includeUsage) {

        static CompletionRequest parse(JsonMapper json, byte[] raw) {
            JsonNode body;
            try {
                body = json.readTree(raw);
            } catch (JacksonException e) {
                throw CustosException.invalid("malformed-json", "The request body is not valid JSON.");
            }
            String model = body.path("model").asString("");
            if (model.isBlank()) {
                throw CustosException.invalid("invalid-request", "model is required (GET /v1/models lists them).");
            }
            if (body.path("n").asInt(1) != 1) {
                throw CustosException.invalid("unsupported-parameter", "Only n = 1 is supported.");
            }
            JsonNode messages = body.path("messages");
            if (!messages.isArray() || messages.isEmpty()) {
                throw CustosException.invalid("invalid-request", "messages must be a non-empty array.");
            }
            List<ChatRequest.Message> parsed = new ArrayList<>();
            for (JsonNode message : messages) {
                parsed.add(message(json, message));
            }
            String tools = null;
            if (body.path("tools").isArray() && !body.path("tools").isEmpty()) {
                ArrayNode neutral = json.createArrayNode();
                for (JsonNode tool : body.path("tools")) {
                    JsonNode function = tool.path("function");
                    if (!tool.path("type").asString("function").equals("function") || function.path("name").isMissingNode()) {
                        throw CustosException.invalid("invalid-request", "Each tool must be a function with a name.");
                    }
                    ObjectNode entry = neutral.addObject().put("name", function.path("name").asString())
                            .put("description", function.path("description").asString(""));
                    entry.set("parameters", function.has("parameters") ? function.path("parameters")
                            : json.createObjectNode().put("type", "object"));
                }
                tools = neutral.toString();
            }
            return new CompletionRequest(model, parsed, tools, body.path("stream").asBoolean(false),
                    body.path("stream_options").path("include_usage").asBoolean(false));
        }

        private static ChatRequest.Message message(JsonMapper json, JsonNode message) {
            String role = message.path("role").asString("");
            if (role.equals("developer")) {
                role = "system"; // newer OpenAI name for the system role
            }
            if (!List.of("system", "user", "assistant", "tool").contains(role)) {
                throw CustosException.invalid("invalid-request",
                        "Each message's role must be system, developer, user, assistant or tool.");
            }
            JsonNode content = message.path("content");
            StringBuilder text = new StringBuilder();
            if (content.isString()) {
                text.append(content.asString());
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    if (!part.path("type").asString("").equals("text")) {
                        throw CustosException.invalid("unsupported-content", "Only text content parts are supported.");
                    }
                    text.append(part.path("text").asString(""));
                }
            } else if (!content.isNull() && !content.isMissingNode()) {
                throw CustosException.invalid("invalid-request", "A message's content must be text or text parts.");
            }
            List<ChatEvent.ToolCall> calls = new ArrayList<>();
            for (JsonNode call : message.path("tool_calls")) {
                calls.add(new ChatEvent.ToolCall(call.path("id").asString(""),
                        call.path("function").path("name").asString(""),
                        call.path("function").path("arguments").asString("{}")));
            }
            String toolCallId = message.path("tool_call_id").asString(null);
            if (role.equals("tool") && toolCallId == null) {
                throw CustosException.invalid("invalid-request", "A tool message needs its tool_call_id.");
            }
            return new ChatRequest.Message(role, text.toString(), toolCallId, calls);
        }
    }
}
