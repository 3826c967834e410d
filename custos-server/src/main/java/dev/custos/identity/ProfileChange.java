package dev.custos.identity;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Every field of a profile a person may correct (rectification): all of them. The email, given here, must be the
 * current one (or left out): a new one goes through {@link EmailChanges}, which confirms it first.
 */
public record ProfileChange(
        @Nullable @Email @Size(max = 254) String email,
        @NotBlank @Size(max = 200) String name,
        @Nullable @Size(max = 200) String company,
        @Nullable @Size(max = 100) String displayName,
        @Nullable @Size(max = 2048) @Pattern(regexp = "https://\\S+", message = "must be an https:// URL")
        String avatarUrl) {

    /** Trims text and turns blank optional fields into absent ones. */
    public ProfileChange normalized() {
        return new ProfileChange(email == null ? null : email.strip(), name.strip(), blankToNull(company), blankToNull(displayName),
                blankToNull(avatarUrl));
    }

    static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
