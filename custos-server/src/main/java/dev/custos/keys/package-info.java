/**
 * Keys: the master key from configuration and the data keys it wraps, through which other modules seal content
 * with AES-256-GCM ({@link dev.custos.keys.ContentSeal}), and the credential vault for the secrets Custos uses on
 * someone's behalf ({@link dev.custos.keys.CredentialVault}, rotated by {@link dev.custos.keys.VaultRotation}).
 * Depends on the platform, and on the audit log for every secret it opens.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "audit"})
package dev.custos.keys;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
