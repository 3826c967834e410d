package dev.custos.usage;

import java.util.Locale;

/**
 * What a plan may cap: members, the tokens and agent runs of a calendar month (UTC), and the bytes the workspace
 * stores (knowledge documents and session files; configured in megabytes).
 */
public enum Limit {
    SEATS("members"),
    MONTHLY_TOKENS("tokens this month"),
    MONTHLY_RUNS("agent runs this month"),
    STORAGE("bytes stored");

    private final String unit;

    Limit(String unit) {
        this.unit = unit;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** What the limit counts, for messages: "3 members". */
    public String unit() {
        return unit;
    }
}
