/**
 * The tamper-evident audit log: one append-only, hash-chained log per workspace and one for the installation.
 * Other modules record events through {@link dev.custos.audit.AuditLog}; owners and admins read and verify
 * their workspace's chain. Depends only on the platform.
 */
@NullMarked
@ApplicationModule(allowedDependencies = "platform")
package dev.custos.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
