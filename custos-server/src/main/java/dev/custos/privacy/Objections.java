package dev.custos.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Actor;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.requests.Jurisdiction;
import dev.custos.privacy.requests.PrivacyRequest;
import dev.custos.privacy.requests.PrivacyRequests;
import dev.custos.privacy.requests.RequestKind;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Objections (DR-06, DR-10). To processing on legitimate interest (product analytics): it stops at once for the
 * person and what it holds about them is deleted, until they withdraw the objection. To a decision made by
 * automated processing alone (GDPR Art. 22, KVKK Art. 11(1)(g)): a person must review it, so it goes to the
 * administrators' queue with its legal deadline and is never closed by Custos itself.
 */
@Service
public class Objections {

    /** What a person can object to. */
    public enum Purpose {
        PRODUCT_ANALYTICS, AUTOMATED_DECISIONS;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Purpose of(String key) {
            for (Purpose purpose : values()) {
                if (purpose.key().equals(key)) {
                    return purpose;
                }
            }
            throw CustosException.invalid("unknown-objection-purpose",
                    "purpose must be product_analytics or automated_decisions.");
        }
    }

    /** A standing or withdrawn objection to a processing purpose. */
    public record Objection(UUID id, String purpose, Instant objectedAt, UUID requestId, @Nullable Instant withdrawnAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PrivacyRequests requests;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;

    Objections(JdbcClient jdbc, TransactionTemplate transactions, PrivacyRequests requests,
               ApplicationEventPublisher events, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.requests = requests;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Records the signed-in person's objection and returns the request it makes. {@code decision} says which
     * automated decision is contested and why; it is required for that purpose and ignored otherwise.
     */
    public PrivacyRequest object(Actor actor, String purposeKey, Jurisdiction jurisdiction, @Nullable String decision) {
        actor.requireSignedIn("Objecting");
        Purpose purpose = Purpose.of(purposeKey);
        PersonId person = actor.person();
        if (purpose == Purpose.AUTOMATED_DECISIONS) {
            if (decision == null || decision.isBlank()) {
                throw CustosException.invalid("decision-required",
                        "Say which decision you contest and why, so that a person can review it.");
            }
            if (decision.length() > 4000) {
                throw CustosException.invalid("decision-too-long", "Keep the description under 4,000 characters.");
            }
            return requests.receive(person, person, RequestKind.OBJECTION, jurisdiction, "session",
                    "Objection to a decision made by automated processing alone; a person will review it and "
                            + "answer. In the requester's words: " + decision.strip());
        }
        UUID request = transactions.execute(status -> {
            boolean standing = jdbc.sql("""
                            SELECT EXISTS (SELECT 1 FROM processing_objections
                                           WHERE person_id = :p AND purpose = :purpose AND withdrawn_at IS NULL)""")
                    .param("p", person.id()).param("purpose", purpose.key()).query(Boolean.class).single();
            if (standing) {
                throw CustosException.conflict("already-objected", "Your objection to " + purpose.key()
                        .replace('_', ' ') + " already stands.");
            }
            UUID id = requests.receive(person, person, RequestKind.OBJECTION, jurisdiction, "session",
                    "Objection to " + purpose.key().replace('_', ' ') + " received.").id();
            jdbc.sql("""
                    INSERT INTO processing_objections (objection_id, person_id, purpose, objected_at, request_id)
                    VALUES (:id, :p, :purpose, :now, :request)""")
                    .param("id", UUID.randomUUID()).param("p", person.id()).param("purpose", purpose.key())
                    .param("now", SqlTime.of(clock.instant())).param("request", id).update();
            events.publishEvent(new ObjectionRaised(person, purpose));
            requests.complete(id, "Done: " + purpose.key().replace('_', ' ') + " has stopped for you and what it "
                    + "held about you is deleted. You can allow it again at any time.");
            return id;
        });
        return requests.get(actor, request);
    }

    /** Withdraws the person's standing objection: the processing may resume from now on. */
    public void withdraw(Actor actor, String purposeKey) {
        Purpose purpose = Purpose.of(purposeKey);
        transactions.executeWithoutResult(status -> {
            int withdrawn = jdbc.sql("""
                            UPDATE processing_objections SET withdrawn_at = :now
                            WHERE person_id = :p AND purpose = :purpose AND withdrawn_at IS NULL""")
                    .param("now", SqlTime.of(clock.instant())).param("p", actor.person().id())
                    .param("purpose", purpose.key()).update();
            if (withdrawn == 0) {
                throw CustosException.notFound("objection");
            }
            audit.record(AuditEvent.installation(actor.person(), "objection.withdrawn").with("purpose", purpose.key()));
        });
    }

    public List<Objection> mine(Actor actor) {
        return jdbc.sql("""
                        SELECT objection_id, purpose, objected_at, request_id, withdrawn_at FROM processing_objections
                        WHERE person_id = :p ORDER BY objected_at DESC""")
                .param("p", actor.person().id())
                .query((rs, n) -> new Objection(rs.getObject(1, UUID.class), rs.getString(2),
                        Objects.requireNonNull(SqlTime.instant(rs, "objected_at")),
                        rs.getObject(4, UUID.class), SqlTime.instant(rs, "withdrawn_at")))
                .list();
    }

    /** Of these people, those whose objection to the purpose stands: their processing must not happen. */
    public Set<PersonId> objecting(Collection<PersonId> people, Purpose purpose) {
        if (people.isEmpty()) {
            return Set.of();
        }
        return jdbc.sql("""
                        SELECT person_id FROM processing_objections
                        WHERE purpose = :purpose AND withdrawn_at IS NULL AND person_id = ANY(:people)""")
                .param("purpose", purpose.key())
                .param("people", people.stream().map(PersonId::id).distinct().toArray(UUID[]::new))
                .query((rs, n) -> new PersonId(rs.getObject(1, UUID.class))).list().stream()
                .collect(Collectors.toSet());
    }
}
