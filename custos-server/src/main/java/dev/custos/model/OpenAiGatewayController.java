package dev.custos.model;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.identity.Actor;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
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
    private final GatewayCallers callers;
    private final ModelRoutes routes;
    private final JsonMapper json;
    private final OpenAiWire wire;
    private final Clock clock;

    OpenAiGatewayController(ModelGateway gateway, GatewayCallers callers, ModelRoutes routes, JsonMapper json,
                            Clock clock) {
        this.routes = routes;
        this.gateway = gateway;
        this.callers = callers;
        this.json = json;
        this.wire = new OpenAiWire(json);
        this.clock = clock;
    }

    @GetMapping("/v1/models")
    ObjectNode models(Actor actor) {
        WorkspaceAccess access = callers.access(actor).require(Permission.READ);
        ObjectNode list = json.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        gateway.choices(access.workspace()).forEach(choice -> data.add(model(choice)));
        routes.list(access).forEach(route -> data.add(model(route)));
        return list;
    }

    /**
     * One model, as {@code models.retrieve} asks for it: {@code /v1/models/provider/model}, or with the slash
     * encoded ({@code provider%2Fmodel}), as OpenAI's SDKs send it.
     */
    @GetMapping("/v1/models/{*id}")
    ObjectNode model(Actor actor, @PathVariable String id) {
        WorkspaceAccess access = callers.access(actor).require(Permission.READ);
        String name = id.startsWith("/") ? id.substring(1) : id;
        return gateway.choices(access.workspace()).stream().filter(choice -> choice.id().equals(name)).findFirst()
                .map(this::model)
                .or(() -> routes.list(access).stream().filter(route -> route.name().equals(name)).findFirst()
                        .map(this::model))
                .orElseThrow(WorkspaceModels::modelNotFound);
    }

    private ObjectNode model(ModelChoice choice) {
        return json.createObjectNode().put("id", choice.id()).put("object", "model")
                .put("created", choice.provider().createdAt().getEpochSecond())
                .put("owned_by", choice.provider().displayName());
    }

    /** A route of the workspace's, listed as a model its clients may call. */
    private ObjectNode model(ModelRoutes.Route route) {
        return json.createObjectNode().put("id", route.name()).put("object", "model")
                .put("created", route.updatedAt().getEpochSecond()).put("owned_by", "custos route");
    }

    @PostMapping("/v1/chat/completions")
    void complete(Actor actor, HttpServletRequest http, HttpServletResponse response) throws IOException {
        WorkspaceAccess access = callers.access(actor).require(Permission.WRITE);
        OpenAiCompletionRequest request = wire.readRequest(GatewayCallers.jsonBody(http));
        var call = callers.call(access, actor, http, request.model(), request.messages(), request.toolsJson(),
                request.parameters(), request.stream());
        if (request.stream()) {
            GatewayRefusals.stream(gateway, call, new OpenAiChunkWriter(json, clock.instant().getEpochSecond(),
                    call.callId(), request.model(), request.includeUsage(), response));
        } else {
            var fields = new AtomicReference<ChatEvent.ResponseFields>();
            ModelGateway.Completion completion = GatewayRefusals.called(() -> gateway.call(call, event -> {
                if (event instanceof ChatEvent.ResponseFields responseFields) {
                    fields.set(responseFields);
                }
            }));
            response.setContentType("application/json");
            json.writeValue(response.getOutputStream(), wire.completion("chatcmpl-" + call.callId(),
                    clock.instant().getEpochSecond(), request.model(), completion, fields.get()));
        }
    }
}
