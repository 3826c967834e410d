package dev.custos.connection;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import dev.custos.platform.web.CustosException;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to remote MCP servers over Streamable HTTP with the official SDK: one short-lived client per operation
 * (initialize, then list or call, then close), so that no node keeps state about a connection and a token is
 * opened only for the call it serves. Failures become {@link ConnectionFailed} with a message fit for people and
 * models.
 */
@Component
class McpServers {

    static final int MAX_TOOLS = 100;
    private static final int MAX_PAGES = 20;
    private static final int MAX_DESCRIPTION = 1_000;

    /** A tool as the server lists it. */
    record RemoteTool(String name, String description, String inputSchemaJson, ToolAccess access) {
    }

    private final JsonMapper json;

    McpServers(JsonMapper json) {
        this.json = json;
    }

    /** Every tool the server offers (following its pages), at most {@value #MAX_TOOLS}. */
    List<RemoteTool> listTools(URI endpoint, @Nullable String token) {
        return withClient(endpoint, token, Duration.ofSeconds(20), client -> {
            List<RemoteTool> tools = new ArrayList<>();
            String cursor = null;
            for (int page = 0; page < MAX_PAGES && tools.size() < MAX_TOOLS; page++) {
                McpSchema.ListToolsResult listed = cursor == null ? client.listTools() : client.listTools(cursor);
                if (listed == null || listed.tools() == null) {
                    throw new ConnectionFailed(ConnectionFailed.Reason.MALFORMED,
                            "The MCP server's tool list is not what the protocol says it must be.");
                }
                for (McpSchema.Tool tool : listed.tools()) {
                    if (tools.size() < MAX_TOOLS && tool.name() != null && !tool.name().isBlank()) {
                        tools.add(remote(tool));
                    }
                }
                cursor = listed.nextCursor();
                if (cursor == null || cursor.isEmpty()) {
                    break;
                }
            }
            return tools;
        });
    }

    /** {@link #listTools}, its failure as the problem a person connecting the server is shown. */
    List<RemoteTool> listToolsOrRefuse(URI url, @Nullable String token) {
        try {
            return listTools(url, token);
        } catch (ConnectionFailed e) {
            throw switch (e.reason()) {
                case UNAUTHORIZED -> CustosException.invalid("connection-unauthorized", e.getMessage()
                        + " Check the token.");
                case MALFORMED -> new CustosException(HttpStatus.BAD_GATEWAY, "connection-malformed", e.getMessage());
                case UNREACHABLE -> new CustosException(HttpStatus.BAD_GATEWAY, "connection-unreachable",
                        e.getMessage());
            };
        }
    }

    /** Calls one tool and returns its text content; a result the server marks as an error fails the call. */
    String callTool(URI endpoint, @Nullable String token, String name, String argumentsJson) {
        Map<String, Object> arguments = arguments(argumentsJson);
        return withClient(endpoint, token, Duration.ofSeconds(60), client -> {
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(name, arguments));
            String text = text(result);
            if (Boolean.TRUE.equals(result.isError())) {
                throw new ConnectionFailed(ConnectionFailed.Reason.MALFORMED, "The tool answered with an error: "
                        + text);
            }
            return text;
        });
    }

    private <T> T withClient(URI endpoint, @Nullable String token, Duration timeout,
                             Function<McpSyncClient, T> work) {
        var transport = HttpClientStreamableHttpTransport.builder(origin(endpoint)).endpoint(path(endpoint))
                .connectTimeout(Duration.ofSeconds(5))
                .httpRequestCustomizer((request, method, uri, body, context) -> {
                    if (token != null) {
                        request.header("Authorization", "Bearer " + token);
                    }
                })
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(timeout)
                .initializationTimeout(Duration.ofSeconds(10))
                .clientInfo(new McpSchema.Implementation("custos", "1")).build();
        try {
            client.initialize();
            return work.apply(client);
        } catch (ConnectionFailed e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(e);
        } finally {
            client.closeGracefully();
        }
    }

    /** Says what went wrong without repeating what the server sent (which may echo a token). */
    private static ConnectionFailed failure(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // the SDK raises this for 401 and 403 alike; a message is never searched for a status code, since it
            // may quote what the server sent (a malformed body reading "401" once passed for a refused token)
            if (cause instanceof McpHttpClientTransportAuthorizationException) {
                return new ConnectionFailed(ConnectionFailed.Reason.UNAUTHORIZED,
                        "The MCP server refused the connection's token.");
            }
            if (cause instanceof ConnectException || cause instanceof HttpTimeoutException
                    || cause instanceof TimeoutException) {
                return new ConnectionFailed(ConnectionFailed.Reason.UNREACHABLE,
                        "The MCP server could not be reached, or did not answer in time.");
            }
            if (cause instanceof McpError error && error.getJsonRpcError() != null) {
                return new ConnectionFailed(ConnectionFailed.Reason.MALFORMED, "The MCP server refused the request: "
                        + error.getJsonRpcError().message());
            }
            if (cause instanceof JacksonException) {
                return new ConnectionFailed(ConnectionFailed.Reason.MALFORMED,
                        "The MCP server answered with something that is not MCP.");
            }
        }
        return new ConnectionFailed(ConnectionFailed.Reason.UNREACHABLE, "The MCP server could not be used.");
    }

    private RemoteTool remote(McpSchema.Tool tool) {
        String description = tool.description() == null ? "" : tool.description();
        if (description.length() > MAX_DESCRIPTION) {
            description = description.substring(0, MAX_DESCRIPTION);
        }
        String schema = tool.inputSchema() == null ? "{\"type\":\"object\"}" : json.writeValueAsString(tool.inputSchema());
        McpSchema.ToolAnnotations hints = tool.annotations();
        return new RemoteTool(tool.name(), description, schema, hints == null ? ToolAccess.WRITE
                : ToolAccess.fromHints(hints.readOnlyHint(), hints.destructiveHint()));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> arguments(String argumentsJson) {
        try {
            Object parsed = json.readValue(argumentsJson.isBlank() ? "{}" : argumentsJson, Object.class);
            if (parsed instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (JacksonException e) {
            // refused below
        }
        throw new ConnectionFailed(ConnectionFailed.Reason.MALFORMED, "The arguments are not a JSON object.");
    }

    private static String text(McpSchema.CallToolResult result) {
        StringBuilder text = new StringBuilder();
        if (result.content() != null) {
            for (McpSchema.Content content : result.content()) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(content instanceof McpSchema.TextContent t ? t.text() : "[" + content.type() + " content]");
            }
        }
        return text.toString();
    }

    private static String origin(URI endpoint) {
        return endpoint.getScheme() + "://" + endpoint.getRawAuthority();
    }

    private static String path(URI endpoint) {
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        return endpoint.getRawQuery() == null ? path : path + "?" + endpoint.getRawQuery();
    }

    /** An MCP endpoint: https, or plain http on this machine only (a token never crosses a network in clear). */
    static URI endpoint(String raw) {
        return ConnectionUrls.https(raw, "invalid-connection-url", "url");
    }
}
