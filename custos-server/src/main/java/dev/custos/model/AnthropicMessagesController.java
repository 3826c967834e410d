package dev.custos.model;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.identity.Actor;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Anthropic-compatible {@code POST /v1/messages}: Anthropic's SDKs pointed at {@code <custos>} with a Custos API
 * key (as {@code x-api-key}) call the workspace's allowed models, any provider's, through {@link ModelGateway},
 * streamed or whole. Refusals carry Anthropic's error object.
 */
@RestController
class AnthropicMessagesController {

    private final ModelGateway gateway;
    private final GatewayCallers callers;
    private final JsonMapper json;
    private final AnthropicMessagesWire wire;

    AnthropicMessagesController(ModelGateway gateway, GatewayCallers callers, JsonMapper json) {
        this.gateway = gateway;
        this.callers = callers;
        this.json = json;
        this.wire = new AnthropicMessagesWire(json);
    }

    @PostMapping("/v1/messages")
    void messages(Actor actor, HttpServletRequest http, HttpServletResponse response) throws IOException {
        WorkspaceAccess access = callers.access(actor).require(Permission.WRITE);
        AnthropicMessagesWire.Request request = wire.read(GatewayCallers.jsonBody(http));
        var call = callers.call(access, actor, http, request.model(), request.messages(), request.toolsJson(),
                request.parameters(), request.stream());
        String id = "msg_" + call.callId().toString().replace("-", "");
        if (!request.stream()) {
            ModelGateway.Completion completion = GatewayRefusals.called(() -> gateway.call(call, event -> { }));
            response.setContentType("application/json");
            json.writeValue(response.getOutputStream(), wire.message(id, request.model(), completion));
            return;
        }
        GatewayRefusals.stream(gateway, call, new AnthropicEventWriter(json, id, request.model(), response));
    }
}
