/**
 * Connected systems (TN-04): the MCP servers, GitHub, Slack and Notion a workspace's agents reach.
 * A workspace admin makes a {@link dev.custos.connection.Connection} with a scope — read-only, read-write or
 * integration —, its token sealed in the credential vault; its tools join the workspace's tools through
 * {@link dev.custos.tool.ToolSource}. The scope is enforced twice: a model is offered only the tools the scope
 * allows, and every call is checked again against the stored connection (a call outside the scope, or to a revoked
 * connection, is refused and audited). GitHub, Slack, Notion and MCP servers that ask for it connect through OAuth
 * ({@link dev.custos.connection.OAuthConnections}), with apps installation administrators register; a Slack
 * integration answers mentions in their threads. The room {@code server} offers a workspace's agents and knowledge
 * search to MCP clients at {@code /mcp}; the room {@code connector} speaks the services' APIs. Depends on the
 * platform, keys, audit, identity, workspace, tool, agent (runs for MCP clients), knowledge (their search) and
 * usage (the plan allows connections).
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "keys", "audit", "identity", "workspace", "tool", "agent",
        "knowledge", "usage"})
package dev.custos.connection;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
