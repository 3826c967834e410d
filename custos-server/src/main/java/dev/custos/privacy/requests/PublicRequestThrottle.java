package dev.custos.privacy.requests;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Misuse limits for the public request form (SC-07), shared by every node through the database: one address may
 * file a few requests an hour, and one email address receives a few confirmation mails a day, so the form can
 * neither flood someone's mailbox nor bury the owners in requests. Both are kept as hashes for one day.
 */
@Component
public class PublicRequestThrottle {

    public static final int PER_ADDRESS_PER_HOUR = 10;
    public static final int PER_RECIPIENT_PER_DAY = 3;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Clock clock;

    PublicRequestThrottle(JdbcClient jdbc, TransactionTemplate transactions, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Counts this submission, or refuses with 429 (counting nothing) when the address or recipient is over. */
    void admit(String clientAddress, String email) {
        String address = Secrets.sha256("address:" + clientAddress);
        String recipient = Secrets.sha256("recipient:" + email.strip().toLowerCase(Locale.ROOT));
        Instant now = clock.instant();
        Duration wait = transactions.execute(status -> {
            // One submission at a time per address, so a burst cannot all pass the count together.
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:a, 31))").param("a", address).query(rs -> { });
            Duration byAddress = waitFor("address_hash", address, now, Duration.ofHours(1), PER_ADDRESS_PER_HOUR);
            Duration byRecipient = waitFor("recipient_hash", recipient, now, Duration.ofDays(1), PER_RECIPIENT_PER_DAY);
            Duration longer = byAddress.compareTo(byRecipient) >= 0 ? byAddress : byRecipient;
            if (longer.isZero()) {
                jdbc.sql("INSERT INTO public_request_attempts (attempted_at, address_hash, recipient_hash) "
                                + "VALUES (:now, :a, :r)")
                        .param("now", SqlTime.of(now)).param("a", address).param("r", recipient).update();
            }
            return longer;
        });
        if (!wait.isZero()) {
            audit.record(AuditEvent.installation(null, "misuse.request_form_throttled")
                    .with("wait_seconds", String.valueOf(wait.toSeconds())).outcome(AuditEvent.Outcome.DENIED));
            throw CustosException.tooMany("too-many-requests", "Too many requests were made from here or for this "
                    + "email address. Try again later.", wait);
        }
    }

    /** How long until one more attempt fits in the window, or zero when it fits now. */
    private Duration waitFor(String column, String hash, Instant now, Duration window, int limit) {
        return jdbc.sql("""
                        SELECT attempted_at FROM public_request_attempts WHERE %s = :h AND attempted_at > :since
                        ORDER BY attempted_at DESC OFFSET :skip LIMIT 1""".formatted(column))
                .param("h", hash).param("since", SqlTime.of(now.minus(window))).param("skip", limit - 1)
                .query((rs, n) -> SqlTime.instant(rs, "attempted_at")).optional()
                .map(oldestCounted -> Duration.between(now, oldestCounted.plus(window)))
                .filter(wait -> wait.isPositive()).orElse(Duration.ZERO);
    }

    @Scheduled(fixedDelayString = "1h", initialDelayString = "5m")
    void forgetOldAttempts() {
        jdbc.sql("DELETE FROM public_request_attempts WHERE attempted_at < :cutoff")
                .param("cutoff", SqlTime.of(clock.instant().minus(Duration.ofDays(1)))).update();
    }
}
