/**
 * Usage: every model call metered (tokens in and out, tool calls) and attributed to workspace, person, agent and
 * API key; day totals over REST. Quotas and plans will read from here. Depends on the platform, and on identity
 * and workspace for access checks.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "identity", "workspace"})
package dev.custos.usage;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
