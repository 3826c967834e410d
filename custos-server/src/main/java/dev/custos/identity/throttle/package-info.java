/**
 * What keeps sign-in and the API from being worn down: failed sign-ins throttled per account and per address,
 * request rates per caller, and bounded request headers.
 */
@NullMarked
package dev.custos.identity.throttle;

import org.jspecify.annotations.NullMarked;
