package dev.custos.identity;

import dev.custos.platform.PersonId;

/**
 * Published inside the sign-up transaction once an account exists.
 *
 * @param firstAccount whether this is the installation's first account (its administrator)
 */
public record AccountCreated(PersonId person, boolean firstAccount) {
}
