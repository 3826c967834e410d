package dev.custos.privacy.marketing;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.identity.People;
import dev.custos.identity.Person;
import dev.custos.platform.Mail;
import dev.custos.platform.PersonId;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.consent.ConsentPurpose;
import dev.custos.privacy.consent.Consents;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Product news (GV-05): sent only to people whose current marketing-email consent is given and who can still sign
 * in; each message carries {@code List-Unsubscribe} with a link of its own and {@code List-Unsubscribe-Post}, so
 * a mail client unsubscribes in one click (RFC 8058). The link's token is random, stored only as its hash, names
 * nobody, and works once; using it records the withdrawal as a consent record.
 */
@Service
public class Marketing {

    /** A message sent, and to how many. */
    public record Sent(UUID id, String subject, Instant sentAt, int recipients) {
    }

    /** Base-62 characters of an unsubscribe token: 43 carry more than 256 bits. */
    private static final int TOKEN_LENGTH = 43;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Consents consents;
    private final People people;
    private final Accounts accounts;
    private final Mail mail;
    private final AuditLog audit;
    private final Clock clock;
    private final URI baseUrl;

    Marketing(JdbcClient jdbc, TransactionTemplate transactions, Consents consents, People people, Accounts accounts,
              Mail mail, AuditLog audit, Clock clock, @Value("${custos.identity.base-url}") URI baseUrl) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.consents = consents;
        this.people = people;
        this.accounts = accounts;
        this.mail = mail;
        this.audit = audit;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    /** Who would receive a message now: people with marketing consent given who can still sign in. */
    private List<Person> audience() {
        List<PersonId> consenting = jdbc.sql("""
                        SELECT person_id FROM (
                            SELECT DISTINCT ON (person_id) person_id, given FROM consent_records
                            WHERE purpose = 'marketing_email' ORDER BY person_id, recorded_at DESC, record_id DESC) c
                        WHERE given""")
                .query((rs, n) -> new PersonId(rs.getObject(1, UUID.class))).list();
        return people.findAll(consenting).stream().filter(person -> !person.disabled()).toList();
    }

    /** How many a message would reach now: what the composer shows. Installation administrators only. */
    public int audienceSize(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators send product news.");
        return audience().size();
    }

    /** Sends product news to those who consented; returns the message as recorded. */
    public Sent send(Actor actor, String subject, String body) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators send product news.");
        String cleanSubject = subject.strip();
        if (cleanSubject.isEmpty() || cleanSubject.length() > 200 || body.isBlank() || body.length() > 20_000
                || cleanSubject.contains("\n") || cleanSubject.contains("\r")) {
            throw CustosException.invalid("invalid-message", "A message has a one-line subject of 1 to 200 "
                    + "characters and a body of 1 to 20000.");
        }
        if (!mail.available()) {
            throw new CustosException(HttpStatus.SERVICE_UNAVAILABLE, "mail-unavailable", "This installation cannot "
                    + "send mail (no relay is configured), so it cannot send product news.");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        List<Person> audience = audience();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                            INSERT INTO marketing_messages (message_id, subject, body, sent_by, sent_at, recipients)
                            VALUES (:id, :subject, :body, :by, :now, :n)""")
                    .param("id", id).param("subject", cleanSubject).param("body", body)
                    .param("by", actor.person().id()).param("now", SqlTime.of(now)).param("n", audience.size())
                    .update();
            for (Person person : audience) {
                String token = Secrets.random(TOKEN_LENGTH);
                jdbc.sql("""
                                INSERT INTO unsubscribe_tokens (token_hash, person_id, message_id, created_at)
                                VALUES (:hash, :person, :message, :now)""")
                        .param("hash", Secrets.sha256(token)).param("person", person.id().id()).param("message", id)
                        .param("now", SqlTime.of(now)).update();
                String link = baseUrl + "/unsubscribe/" + token;
                mail.send(person.email(), cleanSubject, body.strip() + "\n\n--\nYou receive product news because you "
                        + "asked for it. Unsubscribe with one click: " + link + "\n", Map.of(
                        "List-Unsubscribe", "<" + link + ">",
                        "List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
            }
            audit.record(AuditEvent.installation(actor.person(), "marketing.sent").with("message", id.toString())
                    .with("recipients", Integer.toString(audience.size())));
        });
        return new Sent(id, cleanSubject, now, audience.size());
    }

    /** The messages sent, newest first. Installation administrators only. */
    public List<Sent> sent(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators send product news.");
        return jdbc.sql("SELECT message_id, subject, sent_at, recipients FROM marketing_messages ORDER BY sent_at DESC "
                        + "LIMIT 200")
                .query((rs, n) -> new Sent(rs.getObject(1, UUID.class), rs.getString(2),
                        SqlTime.instant(rs, "sent_at"), rs.getInt(4))).list();
    }

    /**
     * Unsubscribes whoever the token was made for: their marketing consent is withdrawn (a consent record) and the
     * token is spent. Returns false for a token that is unknown or was used before.
     */
    public boolean unsubscribe(String token) {
        if (!token.matches("[A-Za-z0-9]{" + TOKEN_LENGTH + "}")) {
            return false;
        }
        Instant now = clock.instant();
        // Spending the token and withdrawing the consent commit together, or neither does.
        return Boolean.TRUE.equals(transactions.execute(status -> {
            List<PersonId> spent = jdbc.sql("""
                            UPDATE unsubscribe_tokens SET used_at = :now WHERE token_hash = :hash AND used_at IS NULL
                            RETURNING person_id""")
                    .param("now", SqlTime.of(now)).param("hash", Secrets.sha256(token))
                    .query((rs, n) -> new PersonId(rs.getObject(1, UUID.class))).list();
            if (spent.isEmpty()) {
                return false;
            }
            PersonId person = spent.getFirst();
            var state = consents.current(person).stream()
                    .filter(current -> current.purpose() == ConsentPurpose.MARKETING_EMAIL).findFirst().orElseThrow();
            if (state.given()) {
                consents.decide(person, ConsentPurpose.MARKETING_EMAIL, false, String.valueOf(state.noticeVersion()),
                        "unsubscribe");
            }
            return true;
        }));
    }
}
