package dev.custos.agent;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import dev.custos.platform.web.CustosException;
import org.springframework.scheduling.support.CronExpression;

/** When a schedule runs: its cron expression read as crontab writes it, its time zone, its next time. */
final class ScheduleTimes {

    private ScheduleTimes() {
    }

    /** Five fields as crontab writes them (minute hour day month weekday), or a macro such as {@code @daily}. */
    static CronExpression expression(String cron) {
        String text = cron.strip();
        String[] fields = text.split("\\s+");
        try {
            if (text.startsWith("@")) {
                return CronExpression.parse(text);
            }
            if (fields.length != 5) {
                throw new IllegalArgumentException("five fields");
            }
            return CronExpression.parse("0 " + text);
        } catch (IllegalArgumentException e) {
            throw CustosException.invalid("invalid-cron", "cron must have five fields (minute hour day month "
                    + "weekday), e.g. \"0 8 * * MON-FRI\", or be @hourly, @daily, @weekly or @monthly.");
        }
    }

    static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone.strip());
        } catch (DateTimeException e) {
            throw CustosException.invalid("invalid-time-zone", "timeZone must be a time zone such as Europe/Berlin "
                    + "or UTC.");
        }
    }

    static Instant next(CronExpression expression, ZoneId zone, Instant after) {
        ZonedDateTime next = expression.next(after.atZone(zone));
        if (next == null) {
            throw CustosException.invalid("invalid-cron", "This cron expression never comes round.");
        }
        return next.toInstant();
    }
}
