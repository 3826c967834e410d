/**
 * Product analytics: which features people use, by day, derived from the audit events of their actions. It is
 * processing on legitimate interest, so a person's objection (privacy module) stops it for them and deletes
 * what it holds. Depends on the platform, audit (the events), identity (administrators) and privacy
 * (objections).
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "audit", "identity", "privacy"})
package dev.custos.analytics;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
