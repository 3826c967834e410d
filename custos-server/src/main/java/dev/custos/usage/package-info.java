/**
 * Usage: every model call metered (tokens in and out, tool calls) and attributed to workspace, person, agent and
 * API key; day totals over REST. Plans and entitlements: the operator's plans, the one each workspace is on, and
 * the checks of a plan's features and limits where they are used (BL-01). Depends on the platform, and on identity
 * and workspace for access checks.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "identity", "workspace"})
package dev.custos.usage;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
