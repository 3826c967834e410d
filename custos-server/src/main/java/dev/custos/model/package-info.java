/**
 * Model providers and the gateway to them: a narrow {@link dev.custos.model.ModelProvider} interface, adapters
 * that speak the providers' wire formats over {@code java.net.http}, the installation's provider registry, each
 * workspace's allowlist and rules, and {@link dev.custos.model.ModelGateway}, the one path every model call takes
 * (allowlist, quota, redaction, zero-retention flags, retries and route fallbacks, metering by group commit,
 * audit). Also serves the gateway: OpenAI's {@code /v1} chat completions, embeddings and Responses API, and
 * Anthropic's {@code /v1/messages}; a workspace's model routes, private models and fine-tunes. Depends on the
 * platform, keys, audit, identity, workspace, usage (metering) and privacy (providers are sub-processors).
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "keys", "audit", "identity", "workspace", "usage", "privacy"})
package dev.custos.model;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
