/**
 * Custos as an MCP server: a workspace's agents and its knowledge search, offered at {@code /mcp} to MCP clients
 * (IDEs, desktop assistants) that present a Custos API key; the key's workspace and scopes decide what they see and
 * may do.
 */
@NullMarked
package dev.custos.connection.server;

import org.jspecify.annotations.NullMarked;
