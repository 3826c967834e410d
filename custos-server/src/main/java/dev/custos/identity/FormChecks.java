package dev.custos.identity;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;

/** Applies a request record's constraints for a page, which shows the first problem as a sentence. */
final class FormChecks {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private FormChecks() {
    }

    static @Nullable String firstProblem(Object form) {
        return VALIDATOR.validate(form).stream()
                .map(violation -> violation.getPropertyPath() + " " + violation.getMessage())
                .sorted()
                .findFirst()
                .orElse(null);
    }
}
