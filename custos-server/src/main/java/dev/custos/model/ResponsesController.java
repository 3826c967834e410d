package dev.custos.model;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.identity.Actor;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's Responses API, {@code POST /v1/responses}, the one newer OpenAI clients use: the workspace's allowed
 * models, any provider's, through {@link ModelGateway}, streamed as its events or answered whole. Custos keeps no
 * responses, so there is nothing to fetch or continue from later ({@link ResponsesWire}).
 */
@RestController
class ResponsesController {

    private final ModelGateway gateway;
    private final GatewayCallers callers;
    private final JsonMapper json;
    private final ResponsesWire wire;
    private final ResponseObjects objects;
    private final Clock clock;

    ResponsesController(ModelGateway gateway, GatewayCallers callers, JsonMapper json, Clock clock) {
        this.gateway = gateway;
        this.callers = callers;
        this.json = json;
        this.wire = new ResponsesWire(json);
        this.objects = new ResponseObjects(json);
        this.clock = clock;
    }

    @PostMapping("/v1/responses")
    void respond(Actor actor, HttpServletRequest http, HttpServletResponse response) throws IOException {
        WorkspaceAccess access = callers.access(actor).require(Permission.WRITE);
        ResponsesWire.Request request = wire.read(GatewayCallers.jsonBody(http));
        var call = callers.call(access, actor, http, request.model(), request.messages(), request.toolsJson(),
                request.parameters(), request.stream());
        String id = "resp_" + call.callId().toString().replace("-", "");
        long createdAt = clock.instant().getEpochSecond();
        if (!request.stream()) {
            ModelGateway.Completion completion = GatewayRefusals.called(() -> gateway.call(call, event -> { }));
            response.setContentType("application/json");
            json.writeValue(response.getOutputStream(), objects.response(id, createdAt, request.echo(),
                    ResponseObjects.status(completion), objects.output("msg_" + id.substring(5) + "_0", completion),
                    completion));
            return;
        }
        GatewayRefusals.stream(gateway, call, new ResponsesEventWriter(json, id, createdAt, request.echo(), response));
    }
}
