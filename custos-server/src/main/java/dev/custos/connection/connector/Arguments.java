package dev.custos.connection.connector;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Reads a model's arguments for an operation; what is missing or malformed fails the call with a clear word. */
final class Arguments {

    private final JsonNode node;

    Arguments(JsonNode node) {
        this.node = node;
    }

    String text(String name, int maxLength) {
        String value = optional(name, maxLength);
        if (value == null || value.isBlank()) {
            throw refused(name + " is required.");
        }
        return value;
    }

    @Nullable String optional(String name, int maxLength) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        String text = value.isString() ? value.asString() : value.toString();
        if (text.length() > maxLength) {
            throw refused(name + " is longer than " + maxLength + " characters.");
        }
        return text;
    }

    String matching(String name, Pattern pattern, String rule) {
        String value = text(name, 200).strip();
        if (!pattern.matcher(value).matches()) {
            throw refused(name + " " + rule);
        }
        return value;
    }

    int number(String name, int min, int max, int fallback) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        int number = value.isNumber() ? value.asInt() : parse(name, value.asString(""));
        if (number < min || number > max) {
            throw refused(name + " must be between " + min + " and " + max + ".");
        }
        return number;
    }

    private static int parse(String name, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw refused(name + " must be a whole number.");
        }
    }

    static UpstreamFailed refused(String message) {
        return new UpstreamFailed(UpstreamFailed.Reason.REFUSED, "The call was not made: " + message);
    }
}
