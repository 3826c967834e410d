/**
 * Consent and objections: consent records by purpose, the cookie banner and its preferences, Global Privacy
 * Control, and objections to processing.
 */
@NullMarked
package dev.custos.privacy.consent;

import org.jspecify.annotations.NullMarked;
