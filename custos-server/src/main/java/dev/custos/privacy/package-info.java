/**
 * The privacy engine: data-subject requests with their legal deadlines, notices to people, and (as it grows)
 * the data map driven export and erasure, retention, consent and governance. Depends on the platform, identity
 * (who people are, re-verification) and audit.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "identity", "audit", "keys", "workspace", "usage"})
package dev.custos.privacy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
