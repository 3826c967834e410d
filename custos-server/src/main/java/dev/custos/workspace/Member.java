package dev.custos.workspace;

import java.time.Instant;

import dev.custos.platform.PersonId;
import org.jspecify.annotations.Nullable;

/** A member as listed to co-members; the email only to those who manage members. */
public record Member(PersonId personId, String name, @Nullable String email, Role role, Instant joinedAt) {
}
