package dev.custos.identity;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;

/** Applies {@link ProfileChange}'s constraints for the page, which shows the first problem as a sentence. */
final class ProfileChecks {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private ProfileChecks() {
    }

    static @Nullable String firstProblem(ProfileChange change) {
        return VALIDATOR.validate(change).stream()
                .map(violation -> violation.getPropertyPath() + " " + violation.getMessage())
                .sorted()
                .findFirst()
                .orElse(null);
    }
}
