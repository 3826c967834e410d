/**
 * Signing in and staying signed in: the security filter chain, password sign-in and its audit, server sessions and
 * their lifetime, remembered devices, API keys as credentials, and the actor every request resolves to.
 */
@NullMarked
package dev.custos.identity.signin;

import org.jspecify.annotations.NullMarked;
