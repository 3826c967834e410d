/**
 * Workspaces, their members and roles, workspace invitations and API keys (which live and die with a membership),
 * and the HTTP face of each workspace's audit chain. Every table here is isolated by row-level security.
 * Depends on the platform, audit and identity.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "audit", "identity"})
package dev.custos.workspace;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
