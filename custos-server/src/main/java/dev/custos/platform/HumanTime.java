package dev.custos.platform;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times as people read them in notices and mails: "2 December 2026" and "2 December 2026, 14:05 UTC", never
 * an ISO instant with nanoseconds. UTC, because a mail's reader may be anywhere and the deadline is one instant.
 */
public final class HumanTime {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private HumanTime() {
    }

    public static String date(Instant instant) {
        return DATE.format(instant);
    }

    public static String dateTime(Instant instant) {
        return DATE_TIME.format(instant);
    }
}
