/**
 * The dashboard's frame and its composed pages: the navigation around every signed-in page, the cookie banner,
 * a workspace's overview (agents, recent and waiting sessions, this month's usage) and its usage charts. Pages
 * that draw on several modules are composed here, so that those modules need not call back into each other.
 * Depends on the platform, identity (who is signed in), workspace (workspaces, members, API keys), agent (agents
 * and sessions), usage (metering) and privacy (cookie consent).
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "identity", "workspace", "agent", "usage", "privacy"})
package dev.custos.dashboard;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
