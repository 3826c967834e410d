/**
 * Second factors: authenticator apps (TOTP) with backup codes, and passkeys (WebAuthn), as a second factor or on
 * their own.
 */
@NullMarked
package dev.custos.identity.factors;

import org.jspecify.annotations.NullMarked;
