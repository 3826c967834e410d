/**
 * The privacy engine: data-subject requests with their legal deadlines, notices to people, the data map driven
 * export and erasure, retention, consent and governance, and end users' requests. Depends on the platform,
 * identity (who people are, re-verification), audit, keys (crypto-shredding), workspace (owners, access) and
 * usage.
 *
 * <p>This package holds the module's API (notices, objections, cookie consent, sub-processors, the interfaces
 * other modules implement for it) and the data map with the owners of its tables; the rest is in rooms other
 * modules cannot enter: {@code requests}, {@code erasure}, {@code export}, {@code retention} (with legal holds),
 * {@code consent} and {@code governance}.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "identity", "audit", "keys", "workspace", "usage"})
package dev.custos.privacy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
