package dev.custos.connection.server;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.custos.identity.Actor;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The MCP endpoint at {@value #PATH}: the official SDK's stateless Streamable HTTP transport, so any node answers
 * any request (no session to keep, no sticky load balancing). The security chain has already authenticated the
 * request's API key; its {@link Actor} travels to the tools in the transport context, and the tool list shows
 * only what the key's scopes allow.
 */
@Configuration
class McpEndpoint {

    static final String PATH = "/mcp";
    private static final String ACTOR = "custos.actor";

    @Bean
    HttpServletStatelessServerTransport mcpTransport() {
        return HttpServletStatelessServerTransport.builder().messageEndpoint(PATH).maxRequestSize(1024 * 1024)
                .contextExtractor(request -> McpTransportContext.create(
                        Actor.current().<Map<String, Object>>map(actor -> Map.of(ACTOR, actor)).orElse(Map.of())))
                .build();
    }

    @Bean
    ServletRegistrationBean<HttpServletStatelessServerTransport> mcpServlet(HttpServletStatelessServerTransport transport) {
        return new ServletRegistrationBean<>(transport, PATH);
    }

    @Bean(destroyMethod = "close")
    McpStatelessSyncServer mcpServer(HttpServletStatelessServerTransport transport, WorkspaceMcpTools tools) {
        var readable = McpSchema.ToolAnnotations.builder().readOnlyHint(true).destructiveHint(false).build();
        var writing = McpSchema.ToolAnnotations.builder().readOnlyHint(false).destructiveHint(false).build();
        return McpServer.sync(transport).serverInfo("custos", "1").immediateExecution(true)
                .instructions("The agents and knowledge of one Custos workspace: the workspace of your API key.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .addToolFilter((context, tool) -> actor(context) != null
                        && tools.allows(actor(context), tool.name().equals("run_agent") ? Permission.WRITE
                        : Permission.READ))
                .tools(List.of(
                        tool("list_agents", "Lists the workspace's agents: name, id, model and tools.", readable,
                                "{\"type\":\"object\",\"properties\":{}}",
                                (actor, arguments) -> tools.listAgents(actor)),
                        tool("run_agent", "Runs one of the workspace's agents with a message and returns its answer "
                                        + "(a session the workspace can review).", writing, """
                                        {"type":"object","properties":{\
                                        "agent":{"type":"string","description":"the agent's name or id"},\
                                        "message":{"type":"string"}},"required":["agent","message"]}""",
                                (actor, arguments) -> tools.runAgent(actor, WorkspaceMcpTools.text(arguments, "agent"),
                                        WorkspaceMcpTools.text(arguments, "message"))),
                        tool("search_knowledge", "Searches the workspace's knowledge bases; passages with citations.",
                                readable, """
                                        {"type":"object","properties":{"query":{"type":"string"},\
                                        "limit":{"type":"integer","minimum":1,"maximum":20}},"required":["query"]}""",
                                (actor, arguments) -> tools.searchKnowledge(actor,
                                        WorkspaceMcpTools.text(arguments, "query"),
                                        arguments.get("limit") instanceof Number n ? n.intValue() : 5))))
                .build();
    }

    private static McpStatelessServerFeatures.SyncToolSpecification tool(
            String name, String description, McpSchema.ToolAnnotations annotations, String schema,
            BiFunction<Actor, Map<String, Object>, String> work) {
        var definition = McpSchema.Tool.builder().name(name).description(description).annotations(annotations)
                .inputSchema(McpJsonDefaults.getMapper(), schema).build();
        return new McpStatelessServerFeatures.SyncToolSpecification(definition, (context, request) -> {
            Actor actor = actor(context);
            try {
                if (actor == null) {
                    throw CustosException.forbidden("Connect with a Custos API key.");
                }
                String text = work.apply(actor, request.arguments() == null ? Map.of() : request.arguments());
                return McpSchema.CallToolResult.builder().addTextContent(text).isError(false).build();
            } catch (CustosException | IllegalArgumentException e) {
                return McpSchema.CallToolResult.builder().addTextContent(e.getMessage()).isError(true).build();
            }
        });
    }

    private static @Nullable Actor actor(McpTransportContext context) {
        return context.get(ACTOR) instanceof Actor actor ? actor : null;
    }
}
