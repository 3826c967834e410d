package dev.custos.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.platform.HumanTime;
import dev.custos.platform.Mail;
import dev.custos.platform.PersonId;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changing the email of an account, which is where sign-in, password resets and every privacy notice go: taking
 * it over would take the account. So a change needs the password, counts only once the new address confirms it
 * with a mailed code, and the old address is told when it is asked for and when it is done.
 */
@Service
public class EmailChanges {

    /** A change waiting for its code: to where, and until when. */
    public record PendingEmailChange(String newEmail, Instant expiresAt) {
    }

    static final Duration VALIDITY = Duration.ofDays(1);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final People people;
    private final Accounts accounts;
    private final Mail mail;
    private final AuditLog audit;
    private final Clock clock;
    private final String baseUrl;

    EmailChanges(JdbcClient jdbc, TransactionTemplate transactions, People people, Accounts accounts, Mail mail,
                 AuditLog audit, Clock clock, IdentityProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.people = people;
        this.accounts = accounts;
        this.mail = mail;
        this.audit = audit;
        this.clock = clock;
        this.baseUrl = properties.baseUrl();
    }

    /**
     * Starts a change, after the password confirms who asks: mails a code to the new address and tells the old one.
     * A new request replaces one still pending.
     */
    public PendingEmailChange request(Actor actor, String newEmail, String password) {
        actor.requireSignedIn("Changing your email");
        accounts.reverify(actor.person(), password, "email_change");
        String email = newEmail.strip();
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || email.length() > 254) {
            throw CustosException.invalid("invalid-email", "Give a valid email address.");
        }
        Person person = accounts.profile(actor.person());
        if (email.equalsIgnoreCase(person.email())) {
            throw CustosException.invalid("same-email", "That is already your email address.");
        }
        if (people.emailTaken(email, actor.person())) {
            throw CustosException.conflict("email-taken", "Another account already uses this email.");
        }
        if (!mail.available()) {
            throw new CustosException(HttpStatus.SERVICE_UNAVAILABLE, "mail-unavailable", "This installation cannot "
                    + "send mail, so a new address cannot be confirmed; ask an administrator to change it.");
        }
        String code = Secrets.random(32);
        Instant now = clock.instant();
        PendingEmailChange pending = new PendingEmailChange(email, now.plus(VALIDITY));
        transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                    INSERT INTO email_changes (person_id, new_email, code_hash, requested_at, expires_at)
                    VALUES (:p, :email, :hash, :now, :until)
                    ON CONFLICT (person_id) DO UPDATE SET new_email = :email, code_hash = :hash, requested_at = :now,
                                                          expires_at = :until""")
                    .param("p", actor.person().id()).param("email", email).param("hash", Secrets.sha256(code))
                    .param("now", SqlTime.of(now)).param("until", SqlTime.of(pending.expiresAt())).update();
            audit.record(AuditEvent.installation(actor.person(), "account.email_change_requested")
                    .on("person", actor.person()));
            mail.send(email, "Confirm your new email for Custos", """
                    You asked to use this address for your Custos account. Open this link while signed in, and press
                    "Use this address", by %s:

                      %s/profile/email?code=%s

                    If you did not ask for this, do nothing: the account keeps its address.
                    """.formatted(HumanTime.dateTime(pending.expiresAt()), baseUrl, code));
            mail.send(person.email(), "Your Custos email is about to change", """
                    Someone signed in to your Custos account asked to change its email to %s.
                    It changes only once that address confirms it.

                    If this was not you, change your password now: %s/profile/security
                    """.formatted(masked(email), baseUrl));
        });
        return pending;
    }

    /** The change waiting for the person's code, if any. */
    public Optional<PendingEmailChange> pending(PersonId person) {
        return jdbc.sql("SELECT new_email, expires_at FROM email_changes WHERE person_id = :p AND expires_at > :now")
                .param("p", person.id()).param("now", SqlTime.of(clock.instant()))
                .query((rs, n) -> new PendingEmailChange(rs.getString(1), SqlTime.instant(rs, "expires_at"))).optional();
    }

    /**
     * The code from the new address's mailbox, presented by the same person while signed in: the email changes, the
     * old address is told. A wrong, expired or someone else's code changes nothing.
     */
    public Person confirm(Actor actor, String code) {
        actor.requireSignedIn("Changing your email");
        Person before = accounts.profile(actor.person());
        return transactions.execute(status -> {
            String email = jdbc.sql("""
                            DELETE FROM email_changes
                            WHERE person_id = :p AND code_hash = :hash AND expires_at > :now
                            RETURNING new_email""")
                    .param("p", actor.person().id()).param("hash", Secrets.sha256(code.strip()))
                    .param("now", SqlTime.of(clock.instant())).query(String.class).optional()
                    .orElseThrow(() -> CustosException.invalid("invalid-confirmation", "This code is unknown, "
                            + "expired or not for this account; ask for the change again."));
            if (people.emailTaken(email, actor.person())) {
                throw CustosException.conflict("email-taken", "Another account uses this email by now.");
            }
            people.changeEmail(actor.person(), email, clock.instant());
            audit.record(AuditEvent.installation(actor.person(), "account.email_changed").on("person", actor.person()));
            mail.send(before.email(), "Your Custos email was changed", """
                    The email of your Custos account was changed to %s; this address no longer receives its mail.

                    If this was not you, write to the operator of this service at once.
                    """.formatted(masked(email)));
            return accounts.profile(actor.person());
        });
    }

    /** Expired codes go: a change not confirmed within a day is forgotten (the data map's retention). */
    @Scheduled(fixedDelayString = "1h", initialDelayString = "5m")
    void forgetExpired() {
        jdbc.sql("DELETE FROM email_changes WHERE expires_at < :now").param("now", SqlTime.of(clock.instant()))
                .update();
    }

    /** An address as the old mailbox is shown it: enough to recognise, not enough to harvest. */
    static String masked(String email) {
        int at = email.indexOf('@');
        String local = email.substring(0, at);
        return local.charAt(0) + "***" + email.substring(at).toLowerCase(Locale.ROOT);
    }
}
