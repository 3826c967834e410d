package dev.custos.identity.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Misuse detection for password sign-in (SC-07), from the attempts of the last quarter hour, shared by every
 * node through the database:
 * <ul>
 * <li>an account with repeated failures waits before the next try, doubling from one second after the fifth
 * failure up to fifteen minutes — slow for a guesser, never a permanent lockout anyone could trigger;</li>
 * <li>an address with many failures waits likewise;</li>
 * <li>an address that fails on many different accounts is credential stuffing: it is stopped for fifteen
 * minutes and the detection is audited.</li>
 * </ul>
 * Accounts and addresses are kept as hashes for one day.
 */
@Component
public class SignInThrottle {

    static final Duration WINDOW = Duration.ofMinutes(15);
    public static final int ACCOUNT_FREE_FAILURES = 5;
    static final int ADDRESS_FREE_FAILURES = 30;
    public static final int STUFFING_ACCOUNTS = 20;
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(15);

    /** The request attribute that says this request's attempt was counted when it was checked. */
    private static final String COUNTED = SignInThrottle.class.getName() + ".counted";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate transactions;

    SignInThrottle(JdbcClient jdbc, AuditLog audit, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactions);
    }

    /**
     * Refuses with 429 and how long to wait, when this account or this address must wait; otherwise counts this
     * attempt as a failure at once, until {@link #record} says it succeeded. Checking and counting happen under a
     * lock on the account, so concurrent guesses are counted one after another: the sixth of sixty simultaneous
     * wrong passwords already waits.
     */
    public void check(String email, String address) {
        String account = account(email);
        String from = address(address);
        Refusal refusal = transactions.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:account, 29))").param("account", account)
                    .query(rs -> { });
            Refusal why = refusalOf(account, from);
            if (why == null) {
                insert(account, from, false);
            }
            return why;
        });
        if (refusal != null) {
            throw refused(refusal);
        }
        var request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(COUNTED, account + ":" + from, RequestAttributes.SCOPE_REQUEST);
        }
    }

    /**
     * The same for a sign-in that names no account until it has succeeded (a passkey offered by the device): only
     * the address's waits and credential stuffing apply.
     */
    public void checkAddress(String address) {
        checkHashes(null, address(address));
    }

    /** A wait imposed, and the audit event that records it. */
    private record Refusal(AuditEvent event, Duration waitFor) {
    }

    private void checkHashes(@Nullable String account, String from) {
        Refusal refusal = refusalOf(account, from);
        if (refusal != null) {
            throw refused(refusal);
        }
    }

    /** Why this account or address must wait now, as the audit event that says so; null when it need not. */
    private @Nullable Refusal refusalOf(@Nullable String account, String from) {
        Instant now = clock.instant();
        var accountFailures = account == null ? new Failures(0, now) : failures("account_hash", account, now);
        var addressFailures = failures("address_hash", from, now);
        long accounts = jdbc.sql("""
                        SELECT count(DISTINCT account_hash) FROM sign_in_attempts
                        WHERE address_hash = :a AND NOT succeeded AND attempted_at > :since""")
                .param("a", from).param("since", SqlTime.of(now.minus(WINDOW))).query(Long.class).single();
        if (accounts >= STUFFING_ACCOUNTS) {
            return new Refusal(AuditEvent.installation(null, "misuse.credential_stuffing")
                    .with("accounts", String.valueOf(accounts)).outcome(AuditEvent.Outcome.DENIED), LONGEST_WAIT);
        }
        Duration wait = max(waitAfter(accountFailures, ACCOUNT_FREE_FAILURES, now),
                waitAfter(addressFailures, ADDRESS_FREE_FAILURES, now));
        return wait.isZero() ? null : new Refusal(AuditEvent.installation(null, "misuse.sign_in_throttled")
                .with("wait_seconds", String.valueOf(wait.toSeconds())).outcome(AuditEvent.Outcome.DENIED), wait);
    }

    /** Audits the refusal (in a transaction of its own, after any lock is let go) and answers 429. */
    private CustosException refused(Refusal refusal) {
        audit.record(refusal.event());
        return refusal(refusal.waitFor());
    }

    /** The outcome of an attempt; one {@link #check} counted already as a failure is turned into a success. */
    public void record(String email, String address, boolean succeeded) {
        String account = account(email);
        String from = address(address);
        if (countedByCheck(account, from)) {
            if (!succeeded) {
                return; // counted as a failure already
            }
            withdraw(account, from);
        }
        insert(account, from, succeeded);
    }

    /**
     * Neither a failure nor a success: the password was right but a second factor is still to come (its answer is
     * checked and recorded on its own).
     */
    public void undecided(String email, String address) {
        String account = account(email);
        String from = address(address);
        if (countedByCheck(account, from)) {
            withdraw(account, from);
        }
    }

    /** Whether this request's {@link #check} counted the attempt; forgets it, so that it is settled once. */
    private static boolean countedByCheck(String account, String from) {
        var request = RequestContextHolder.getRequestAttributes();
        if (request == null || !(account + ":" + from).equals(request.getAttribute(COUNTED,
                RequestAttributes.SCOPE_REQUEST))) {
            return false;
        }
        request.removeAttribute(COUNTED, RequestAttributes.SCOPE_REQUEST);
        return true;
    }

    /** Takes back the failure {@link #check} counted (concurrent ones are alike: any one of them will do). */
    private void withdraw(String account, String from) {
        jdbc.sql("""
                DELETE FROM sign_in_attempts WHERE ctid = (
                    SELECT ctid FROM sign_in_attempts
                    WHERE account_hash = :account AND address_hash = :address AND NOT succeeded
                    ORDER BY attempted_at DESC LIMIT 1)""")
                .param("account", account).param("address", from).update();
    }

    private void insert(String account, String from, boolean succeeded) {
        jdbc.sql("""
                INSERT INTO sign_in_attempts (attempted_at, account_hash, address_hash, succeeded)
                VALUES (:now, :account, :address, :ok)""")
                .param("now", SqlTime.of(clock.instant())).param("account", account)
                .param("address", from).param("ok", succeeded).update();
    }

    @Scheduled(fixedDelayString = "1h", initialDelayString = "5m")
    void forgetOldAttempts() {
        jdbc.sql("DELETE FROM sign_in_attempts WHERE attempted_at < :cutoff")
                .param("cutoff", SqlTime.of(clock.instant().minus(Duration.ofDays(1)))).update();
    }

    /** Failures since the last success within the window, and when the latest was. */
    private record Failures(long count, Instant latest) {
    }

    private Failures failures(String column, String hash, Instant now) {
        return jdbc.sql("""
                        SELECT count(*), max(attempted_at) FROM sign_in_attempts
                        WHERE %1$s = :h AND NOT succeeded AND attempted_at > :since
                          AND attempted_at > COALESCE((SELECT max(attempted_at) FROM sign_in_attempts
                                                       WHERE %1$s = :h AND succeeded), '-infinity')"""
                        .formatted(column))
                .param("h", hash).param("since", SqlTime.of(now.minus(WINDOW)))
                .query((rs, n) -> new Failures(rs.getLong(1), rs.getLong(1) == 0 ? now : SqlTime.instant(rs, "max")))
                .single();
    }

    /** Doubling from one second after the free failures; zero once that wait has passed. */
    private static Duration waitAfter(Failures failures, int free, Instant now) {
        if (failures.count() < free) {
            return Duration.ZERO;
        }
        long exponent = Math.min(failures.count() - free, 20);
        Duration wait = Duration.ofSeconds(1L << exponent);
        if (wait.compareTo(LONGEST_WAIT) > 0) {
            wait = LONGEST_WAIT;
        }
        Duration left = Duration.between(now, failures.latest().plus(wait));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static CustosException refusal(Duration wait) {
        return CustosException.tooMany("sign-in-throttled", "Too many failed sign-ins; wait "
                + CustosException.wholeSeconds(wait) + " seconds and try again.", wait);
    }

    public static String account(String email) {
        return Secrets.sha256("account|" + email.strip().toLowerCase(Locale.ROOT));
    }

    private static String address(String address) {
        return Secrets.sha256("address|" + address);
    }
}
