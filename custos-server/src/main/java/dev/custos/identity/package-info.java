/**
 * People and how they prove who they are: invitation-only sign-up, Argon2id passwords, server sessions, the
 * profile a person corrects, and the security filter chain (which other modules extend through
 * {@link dev.custos.identity.ApiKeyAuthenticator} and {@link dev.custos.identity.InvitationRedeemer}).
 * Depends on the platform, audit and keys (the credential vault for single sign-on secrets).
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "audit", "keys"})
package dev.custos.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
