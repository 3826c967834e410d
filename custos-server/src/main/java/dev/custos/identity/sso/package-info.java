/**
 * Single sign-on with OpenID Connect: the providers an administrator registers, their discovery and client
 * registrations, and the sign-in or sign-up an identity provider completes.
 */
@NullMarked
package dev.custos.identity.sso;

import org.jspecify.annotations.NullMarked;
