/**
 * The privacy engine: data-subject requests with their legal deadlines, notices to people, the data map driven
 * export and erasure, retention, consent and governance, and end users' requests. Depends on the platform,
 * identity (who people are, re-verification), audit, keys (crypto-shredding), workspace (owners, access) and
 * usage.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "identity", "audit", "keys", "workspace", "usage"})
package dev.custos.privacy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
