/**
 * Tools agents may call: a narrow {@link dev.custos.tool.Tool} interface, each tool described by a JSON Schema,
 * the built-in tools ({@code calculator}, {@code datetime}, {@code http_get} limited to a workspace's allowed
 * hosts, {@code workspace_files} sealed per session), and {@link dev.custos.tool.Tools}, their registry.
 * Depends on the platform, keys, audit, identity, workspace, privacy and usage (the plan allows code execution).
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "keys", "audit", "identity", "workspace", "privacy", "usage"})
package dev.custos.tool;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
