package dev.custos.helpdesk;

import java.util.Locale;

/** Where a support request stands: waiting for staff, answered (waiting for the requester), or closed. */
public enum SupportStatus {
    OPEN, ANSWERED, CLOSED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
