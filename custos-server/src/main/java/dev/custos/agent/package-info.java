/**
 * Agents and their sessions: an agent is instructions, a model, tools and an approval policy; a session is
 * everything that happened when people ran it, stored as sealed events. {@link dev.custos.agent.AgentRunner}
 * runs model call → tool calls → results → model ... with its state in rows, so a run pauses for approvals,
 * can be cancelled, and resumes on any node after a crash. Depends on the platform, keys (sealing), audit,
 * identity, workspace, model (the gateway), tool, privacy (restriction, need-to-know in the policy) and usage.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "keys", "audit", "identity", "workspace", "model", "tool",
        "privacy", "usage"})
package dev.custos.agent;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
