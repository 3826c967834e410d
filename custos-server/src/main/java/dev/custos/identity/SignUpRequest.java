package dev.custos.identity;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * What a person gives to sign up. {@code ageConfirmed} is their statement that they are at least the
 * installation's minimum age; a birth date is not asked for, since the confirmation is all the promise needs.
 */
public record SignUpRequest(
        @NotBlank @Size(max = 200) String code,
        @NotBlank @Email @Size(max = 254) String email,
        @NotNull @Size(max = 1024) String password,
        @NotBlank @Size(max = 200) String name,
        @Nullable @Size(max = 200) String company,
        @Nullable @Size(max = 100) String displayName,
        @NotNull @AssertTrue(message = "must confirm the minimum age") Boolean ageConfirmed) {

    @Override
    public String toString() {
        return "SignUpRequest[redacted]";
    }
}
