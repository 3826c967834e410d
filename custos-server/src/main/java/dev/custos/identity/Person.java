package dev.custos.identity;

import java.time.Instant;

import dev.custos.platform.PersonId;
import org.jspecify.annotations.Nullable;

/** A person's account as they and their co-workers see it; never carries the password hash. */
public record Person(
        PersonId id,
        String email,
        String name,
        @Nullable String company,
        @Nullable String displayName,
        @Nullable String avatarUrl,
        boolean installationAdmin,
        Instant createdAt,
        boolean disabled) {

    /** The name to show: the display name a person chose, or their name. */
    public String shownName() {
        return displayName != null && !displayName.isBlank() ? displayName : name;
    }
}
