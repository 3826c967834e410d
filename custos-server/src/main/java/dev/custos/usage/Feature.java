package dev.custos.usage;

import java.util.Locale;

/** What a plan may include beyond the basics: each is checked where it is used (BL-01). */
public enum Feature {
    SINGLE_SIGN_ON("Single sign-on"),
    OWN_RETENTION("Setting the workspace's own retention period"),
    CODE_EXECUTION("Code execution"),
    CONNECTIONS("Connections to other systems"),
    KNOWLEDGE("Knowledge bases"),
    PRIVATE_MODELS("Private models");

    private final String label;

    Feature(String label) {
        this.label = label;
    }

    /** The name in configuration and in problem details: {@code code-execution}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String label() {
        return label;
    }
}
