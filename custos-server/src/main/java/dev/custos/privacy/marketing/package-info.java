/**
 * Product news to the people who consented to marketing email, each message with a one-click unsubscribe
 * (RFC 8058) that needs no sign-in and records the withdrawal as a consent record (GV-05).
 */
@NullMarked
package dev.custos.privacy.marketing;

import org.jspecify.annotations.NullMarked;
