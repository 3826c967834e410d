package dev.custos.privacy.requests;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.custos.identity.People;
import dev.custos.platform.HumanTime;
import dev.custos.platform.SqlTime;
import dev.custos.privacy.Notices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Reminds administrators of data-subject requests close to their deadline, and flags the overdue (DR-08). */
@Component
public class PrivacyRequestReminders {

    static final Duration REMIND_BEFORE = Duration.ofDays(7);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PrivacyRequestRows rows;
    private final People people;
    private final Notices notices;
    private final Clock clock;

    PrivacyRequestReminders(JdbcClient jdbc, TransactionTemplate transactions, PrivacyRequestRows rows,
                            People people, Notices notices, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.rows = rows;
        this.people = people;
        this.notices = notices;
        this.clock = clock;
    }

    /**
     * Reminds every installation administrator, once per request, of open requests due within a week. Runs
     * hourly; the reminder mark makes it run once per request whichever node runs it first.
     */
    @Scheduled(fixedDelayString = "${custos.privacy.reminder-interval:1h}", initialDelayString = "1m")
    public int remindDueSoon() {
        Instant now = clock.instant();
        List<PrivacyRequest> due = transactions.execute(status -> jdbc.sql("WITH reminded AS (" + """
                        UPDATE privacy_requests SET reminder_sent_at = :now
                        WHERE closed_at IS NULL AND reminder_sent_at IS NULL AND due_at < :soon
                        RETURNING *""" + ") " + PrivacyRequestRows.WITH_HISTORY.formatted("reminded"))
                .param("now", SqlTime.of(now)).param("soon", SqlTime.of(now.plus(REMIND_BEFORE)))
                .query(rows::request).list());
        for (PrivacyRequest request : due) {
            String message = (request.overdue() ? "Overdue: " : "Due soon: ") + request.kind().inWords()
                    + " under " + request.jurisdiction() + " (" + request.id() + ") is due "
                    + HumanTime.date(request.dueAt()) + ". Answer it on the privacy requests page in Administration.";
            people.installationAdmins().forEach(admin -> notices.notify(admin, "privacy_request_deadline", message));
            transactions.executeWithoutResult(status -> rows.step(request.id(), request.status(), null,
                    "Administrators reminded of the deadline."));
        }
        return due.size();
    }
}
