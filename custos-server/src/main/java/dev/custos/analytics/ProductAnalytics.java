package dev.custos.analytics;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.custos.audit.AuditEvent;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.identity.People;
import dev.custos.identity.Person;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.ObjectionRaised;
import dev.custos.privacy.Objections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts feature use from committed actions (their audit events), buffered in memory and written in batches so
 * the action itself pays nothing. People whose objection stands (DR-06) are left out when the batch is written,
 * and their earlier rows are deleted the moment they object.
 */
@Service
public class ProductAnalytics {

    /** One feature's use on one day: how often, by how many people. */
    public record FeatureDay(LocalDate day, String feature, long uses, long people) {
    }

    /** Audited actions that count as using a feature, and the feature they count for. */
    private static final Map<String, String> FEATURES = Map.of(
            "workspace.created", "workspaces",
            "agent.created", "agents",
            "agent.updated", "agents",
            "session.started", "agent_sessions",
            "api_key.created", "api_keys",
            "invite.created", "invitations",
            "model_settings.changed", "model_settings",
            "tool_settings.changed", "tool_settings",
            "workspace.exported", "workspace_export");
    /** Beyond this many unwritten uses, new ones are dropped: analytics is never worth running out of memory. */
    private static final int MAX_PENDING = 100_000;
    private static final int MAX_DAYS = 366;

    private record Use(PersonId person, String feature, Instant at) {
    }

    private static final Logger log = LoggerFactory.getLogger(ProductAnalytics.class);

    private final ConcurrentLinkedQueue<Use> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Objections objections;
    private final Accounts accounts;
    private final People people;
    private final Clock clock;

    ProductAnalytics(JdbcClient jdbc, TransactionTemplate transactions, Objections objections, Accounts accounts,
                     People people, Clock clock) {
        this.people = people;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.objections = objections;
        this.accounts = accounts;
        this.clock = clock;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void audited(AuditEvent event) {
        String feature = FEATURES.get(event.action());
        if (feature == null || event.actorKind() != AuditEvent.ActorKind.PERSON || event.actorId() == null
                || event.details().containsKey("api_key")) {
            return; // only people's own actions in the app; scripts using an API key are not product use
        }
        if (pendingCount.incrementAndGet() > MAX_PENDING) {
            pendingCount.decrementAndGet();
            return;
        }
        pending.add(new Use(new PersonId(event.actorId()), feature, clock.instant()));
    }

    /** In the objection's transaction: nothing more is counted for them, and nothing counted is kept. */
    @EventListener
    void objected(ObjectionRaised objection) {
        if (objection.purpose() != Objections.Purpose.PRODUCT_ANALYTICS) {
            return;
        }
        pending.removeIf(use -> use.person().equals(objection.person()));
        jdbc.sql("DELETE FROM product_events WHERE person_id = :p").param("p", objection.person().id()).update();
    }

    /**
     * On shutdown, what is buffered is written if the database still answers within a few seconds; otherwise it
     * is dropped: analytics never holds up a shutdown.
     */
    @EventListener(ContextClosedEvent.class)
    void flushOnShutdown() {
        try {
            CompletableFuture.runAsync(this::flush).get(3, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Product analytics buffered at shutdown were dropped ({})", e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the buffered uses of everyone who has not objected; returns how many were written. */
    @Scheduled(fixedDelayString = "${custos.analytics.flush-interval:10s}")
    public synchronized int flush() {
        List<Use> batch = new ArrayList<>();
        for (Use use = pending.poll(); use != null; use = pending.poll()) {
            pendingCount.decrementAndGet();
            batch.add(use);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        Integer written = transactions.execute(status -> {
            List<PersonId> people = batch.stream().map(Use::person).distinct().toList();
            Set<PersonId> objecting = objections.objecting(people, Objections.Purpose.PRODUCT_ANALYTICS);
            // An account closed (being erased) since its uses were buffered: its rows are purged, so none are added.
            Set<PersonId> active = this.people.findAll(people).stream().filter(person -> !person.disabled())
                    .map(Person::id).collect(Collectors.toSet());
            List<Use> counted = batch.stream().filter(use -> !objecting.contains(use.person())
                    && active.contains(use.person())).toList();
            for (Use use : counted) {
                jdbc.sql("INSERT INTO product_events (person_id, feature, occurred_at) VALUES (:p, :f, :at)")
                        .param("p", use.person().id()).param("f", use.feature()).param("at", SqlTime.of(use.at()))
                        .update();
            }
            return counted.size();
        });
        return written == null ? 0 : written;
    }

    /** Per day and feature, uses and distinct people: for installation administrators. */
    public List<FeatureDay> daily(Actor admin, LocalDate from, LocalDate to) {
        accounts.requireInstallationAdmin(admin, "Only installation administrators see product analytics.");
        if (to.isBefore(from) || from.plusDays(MAX_DAYS).isBefore(to)) {
            throw CustosException.invalid("invalid-range", "from must not be after to, at most " + MAX_DAYS
                    + " days apart.");
        }
        return jdbc.sql("""
                        SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, feature, count(*) AS uses,
                               count(DISTINCT person_id) AS people
                        FROM product_events WHERE occurred_at >= :from AND occurred_at < :until
                        GROUP BY 1, 2 ORDER BY 1, 2""")
                .param("from", SqlTime.of(from.atStartOfDay().toInstant(ZoneOffset.UTC)))
                .param("until", SqlTime.of(to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)))
                .query((rs, n) -> new FeatureDay(rs.getObject("day", LocalDate.class), rs.getString("feature"),
                        rs.getLong("uses"), rs.getLong("people")))
                .list();
    }
}
