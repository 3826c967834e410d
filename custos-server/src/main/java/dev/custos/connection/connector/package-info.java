/**
 * The built-in connectors (TN-04): GitHub, Slack and Notion as their public APIs speak, each a
 * {@link dev.custos.connection.connector.Connector} with its operations marked read or write; their OAuth 2 apps
 * ({@link dev.custos.connection.connector.ConnectorOAuth}: authorization code, PKCE where the service supports it,
 * refresh); and one HTTP client for all of them ({@link dev.custos.connection.connector.ConnectorHttp}) that waits as
 * a {@code 429} tells it and retries a {@code 5xx} a bounded number of times. Knows nothing of workspaces, scopes or
 * the vault: the connection module hands it a base URL and a token per call.
 */
@NullMarked
package dev.custos.connection.connector;

import org.jspecify.annotations.NullMarked;
