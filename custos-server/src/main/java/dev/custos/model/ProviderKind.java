package dev.custos.model;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.custos.platform.web.CustosException;

/** The wire format a provider speaks, and which zero-retention request fields it understands. */
public enum ProviderKind {
    OPENAI, OPENROUTER, OPENAI_COMPATIBLE, ANTHROPIC, SCRIPTED;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static ProviderKind of(String key) {
        for (ProviderKind kind : values()) {
            if (kind.key().equals(key)) {
                return kind;
            }
        }
        throw CustosException.invalid("unknown-provider-kind",
                "kind must be one of openai, openrouter, openai-compatible, anthropic.");
    }

    /** The request fields that ask this provider to keep nothing and train on nothing. */
    RetentionControls retentionControls() {
        return switch (this) {
            case OPENAI -> RetentionControls.openAi();
            case OPENROUTER -> RetentionControls.openRouter();
            // Anthropic has no such request field (its zero-retention terms are contractual); self-hosted
            // OpenAI-compatible servers keep nothing of their own accord.
            case OPENAI_COMPATIBLE, ANTHROPIC, SCRIPTED -> RetentionControls.none();
        };
    }
}
