/**
 * People and how they prove who they are: invitation-only sign-up, Argon2id passwords, server sessions, the
 * profile a person corrects, and the security filter chain (which other modules extend through
 * {@link dev.custos.identity.ApiKeyAuthenticator} and {@link dev.custos.identity.InvitationRedeemer}).
 * Depends on the platform, audit and keys (the credential vault for single sign-on secrets).
 *
 * <p>This package holds the module's API and accounts (people, invitations, profile, email changes); the rest
 * is in rooms other modules cannot enter: {@code signin} (the security filter chain, password sign-in,
 * sessions, remember-me, API keys as credentials), {@code factors} (authenticator apps, backup codes,
 * passkeys), {@code sso} (OpenID Connect providers and sign-in) and {@code throttle} (failed sign-ins, request
 * rates and sizes).
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "audit", "keys"})
package dev.custos.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
