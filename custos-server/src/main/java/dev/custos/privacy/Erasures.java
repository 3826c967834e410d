package dev.custos.privacy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.identity.People;
import dev.custos.platform.Mail;
import dev.custos.keys.ContentSeal;
import dev.custos.platform.ClusterJobs;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Role;
import dev.custos.workspace.Workspace;
import dev.custos.workspace.Workspaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erasure of an account (DR-04). At the request: the person confirms their password, the account is disabled
 * and signed out everywhere, their API keys go, and their keys are destroyed, so their content is unreadable
 * at once. Then a job, resumable step by step after a crash, deletes the workspaces they owned alone and purges
 * their remaining rows as the data map says (delete, null, anonymize, or keep what the law requires), and
 * completes the request.
 */
@Service
public class Erasures {

    /** Stands in for an erased person wherever a column is anonymized. */
    public static final UUID ERASED_PERSON = UUID.fromString("00000000-0000-0000-0000-0000000e7a5e");

    private static final Logger log = LoggerFactory.getLogger(Erasures.class);
    private static final Set<String> GONE = Set.of("delete", "shred");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Tenancy tenancy;
    private final Accounts accounts;
    private final Workspaces workspaces;
    private final PrivacyRequests requests;
    private final ContentSeal seal;
    private final DataMap map;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration grace;
    private final LegalHolds holds;
    private final WorkspaceDeletion deletion;
    private final ClusterJobs jobs;
    private final People people;
    private final Mail mail;
    private final String baseUrl;
    private final DataProcessing processing;
    private final DepartingMembers departingMembers;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    Erasures(JdbcClient jdbc, TransactionTemplate transactions, Tenancy tenancy, Accounts accounts,
             Workspaces workspaces, PrivacyRequests requests, ContentSeal seal, DataMap map, AuditLog audit,
             Clock clock, @Value("${custos.privacy.erasure-grace:0s}") Duration grace, LegalHolds holds,
             WorkspaceDeletion deletion, ClusterJobs jobs, People people, Mail mail,
             @Value("${custos.identity.base-url}") String baseUrl, DataProcessing processing,
             DepartingMembers departingMembers) {
        this.processing = processing;
        this.departingMembers = departingMembers;
        this.jobs = jobs;
        this.people = people;
        this.mail = mail;
        this.baseUrl = baseUrl;
        this.holds = holds;
        this.deletion = deletion;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenancy = tenancy;
        this.accounts = accounts;
        this.workspaces = workspaces;
        this.requests = requests;
        this.seal = seal;
        this.map = map;
        this.audit = audit;
        this.clock = clock;
        this.grace = validGrace(grace);
    }

    /** The configured wait before the purge, refused beyond 30 days: an account is erased within 30 days (RT-01). */
    static Duration validGrace(Duration grace) {
        if (grace.isNegative() || grace.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("custos.privacy.erasure-grace must be between 0 and 30 days: "
                    + "an account is erased within 30 days of the request");
        }
        return grace;
    }

    /**
     * The person's own erasure request; refused while they own a workspace others still work in. A legal hold
     * does not stop it: everything else goes, and what the hold names stays until it is released (RT-09).
     */
    public PrivacyRequest request(Actor actor, String password, Jurisdiction jurisdiction) {
        actor.requireSignedIn("Deleting an account");
        accounts.reverify(actor.person(), password, "erasure");
        List<String> shared = workspaces.ownedBy(actor.person()).stream().filter(owned -> owned.members() > 1)
                .map(Workspaces.Owned::name).toList();
        if (!shared.isEmpty()) {
            throw CustosException.conflict("owner-of-shared-workspaces", "Hand over ownership of "
                    + String.join(", ", shared) + " first: other members still work there.");
        }
        PersonId person = actor.person();
        List<LegalHolds.Hold> held = holds.covering(person);
        // Their content in a workspace whose organisation controls it (processor mode) is that organisation's data:
        // Custos keeps it and asks the organisation, which decides (DR-12).
        List<Workspace> customers = workspaces.mine(actor).stream()
                .filter(workspace -> workspace.yourRole() != Role.OWNER && processing.processorMode(workspace.id()))
                .toList();
        String email = accounts.profile(person).email();
        UUID request = transactions.execute(status -> {
            UUID id = requests.receive(person, person, RequestKind.ERASURE, jurisdiction, "password",
                    "Received; your identity was confirmed with your password. Your account is closed and your "
                            + "content unreadable from now on" + (held.isEmpty() ? "."
                            : ", except what a legal hold requires us to keep for now.")).id();
            requests.markInProgress(id);
            jdbc.sql("""
                    INSERT INTO erasure_jobs (request_id, person_id, purge_after, step, customer_workspaces)
                    VALUES (:id, :person, :after, 'shred', :customers)""")
                    .param("id", id).param("person", person.id())
                    .param("after", SqlTime.of(clock.instant().plus(grace)))
                    .param("customers", customers.stream().map(w -> w.id().id()).toArray(UUID[]::new)).update();
            for (Workspace customer : customers) {
                departingMembers.ask(customer.id(), email, jurisdiction);
            }
            if (!customers.isEmpty()) {
                requests.note(id, "Your sessions in " + customers.stream().map(Workspace::name)
                        .collect(Collectors.joining(", ")) + " are the data of the organisation that runs that "
                        + "workspace: it decides whether they are erased, and was asked to.");
            }
            accounts.disableForErasure(person);
            tenancy.asSubject(person, () -> jdbc.sql("DELETE FROM api_keys WHERE person_id = :p")
                    .param("p", person.id()).update());
            return id;
        });
        shred(person, held, customers.stream().map(Workspace::id).collect(Collectors.toSet())); // at once; the job
        // repeats it if this node dies first
        background.submit(this::runDue);
        return requests.get(actor, request);
    }

    /**
     * Carries every due erasure forward; each step commits before the next, so a crash resumes. One node at a
     * time (ClusterJobs); on this node, a second caller waits for the first.
     */
    @Scheduled(fixedDelayString = "${custos.privacy.erasure-interval:30s}", initialDelayString = "10s")
    public synchronized int runDue() {
        return jobs.runAlone("erasures", this::carryOutDue).orElse(0);
    }

    private int carryOutDue() {
        List<Job> due = jdbc.sql("""
                        SELECT request_id, person_id, step, customer_workspaces FROM erasure_jobs
                        WHERE finished_at IS NULL AND purge_after <= :now ORDER BY purge_after""")
                .param("now", SqlTime.of(clock.instant()))
                .query((rs, n) -> new Job(rs.getObject(1, UUID.class), new PersonId(rs.getObject(2, UUID.class)),
                        rs.getString(3), java.util.Arrays.stream((UUID[]) rs.getArray(4).getArray())
                        .map(WorkspaceId::new).collect(Collectors.toSet()))).list();
        int finished = 0;
        for (Job job : due) {
            try {
                finished += carryOut(job) ? 1 : 0;
            } catch (RuntimeException e) {
                log.warn("Erasure {} stopped at step {} ({}); it will be resumed", job.request(), job.step(),
                        e.getClass().getSimpleName());
                log.debug("Erasure failure", e); // at debug only: a database message may quote a value
                jdbc.sql("UPDATE erasure_jobs SET attempts = attempts + 1, last_failure = :f WHERE request_id = :id")
                        .param("f", e.getClass().getSimpleName()).param("id", job.request()).update();
            }
        }
        return finished;
    }

    /** {@code customers}: workspaces whose organisation controls the person's content there (kept for it). */
    private record Job(UUID request, PersonId person, String step, Set<WorkspaceId> customers) {
    }

    /**
     * Carries a job as far as it goes now. What a standing legal hold names is spared (its keys, its workspace,
     * its rows): the request is answered with what was erased, and the job waits ("held") to erase the rest
     * once no hold reaches the person. Returns whether this pass completed the request.
     */
    private boolean carryOut(Job job) {
        String step = job.step();
        List<LegalHolds.Hold> held = holds.covering(job.person());
        boolean answered = step.equals("held");
        if (answered) {
            if (!held.isEmpty()) {
                return false;
            }
            step = advance(job, "shred");
        }
        if (step.equals("shred")) {
            shred(job.person(), held, job.customers());
            step = advance(job, "workspaces");
        }
        if (step.equals("workspaces")) {
            List<UUID> spared = new ArrayList<>();
            for (Workspaces.Owned owned : workspaces.ownedBy(job.person())) {
                if (owned.members() > 1) {
                    continue;
                }
                if (held.stream().anyMatch(hold -> reaches(hold, owned.workspace()))) {
                    spared.add(owned.workspace().id()); // it holds held data: deleted once the hold is released
                } else {
                    deletion.delete(owned.workspace(), "owner_erased");
                }
            }
            if (answered) {
                for (UUID workspace : jdbc.sql("SELECT unnest(spared_workspaces) FROM erasure_jobs WHERE request_id = :id")
                        .param("id", job.request()).query(UUID.class).list()) {
                    deletion.delete(new WorkspaceId(workspace), "owner_erased");
                }
            }
            jdbc.sql("UPDATE erasure_jobs SET spared_workspaces = :spared WHERE request_id = :id")
                    .param("spared", spared.toArray(UUID[]::new)).param("id", job.request()).update();
            step = advance(job, "rows");
        }
        if (!step.equals("rows")) {
            return false;
        }
        // The address, read before the rows go, is held in memory only long enough to say the erasure is done.
        var address = answered ? java.util.Optional.<String>empty()
                : people.find(job.person()).map(dev.custos.identity.Person::email);
        Map<String, Integer> purged = purgeRows(job.person(), job.customers());
        String kept = held.stream().flatMap(hold -> hold.tables().stream()).distinct().sorted()
                .collect(Collectors.joining(", "));
        transactions.executeWithoutResult(status -> {
            if (held.isEmpty()) {
                jdbc.sql("UPDATE erasure_jobs SET step = 'done', finished_at = :now WHERE request_id = :id")
                        .param("now", SqlTime.of(clock.instant())).param("id", job.request()).update();
            } else {
                advance(job, "held");
            }
            if (answered) {
                requests.note(job.request(), "The legal hold was released: what it kept is erased now.");
            } else {
                requests.complete(job.request(), "Erased. Content was made unreadable at the request; "
                        + purged.values().stream().mapToInt(Integer::intValue).sum() + " rows were deleted or "
                        + "anonymized; records the law requires are kept without your name."
                        + (held.isEmpty() ? "" : " A legal hold requires us to keep, for now, your data in: " + kept
                        + " (GDPR Art. 17(3)(e)); it is erased as soon as the hold is released."));
                address.ifPresent(to -> mail.send(to, "Your Custos account is deleted", """
                        Your account and your data are deleted, as you asked. Content was made unreadable when you
                        asked; the rest is now removed, except records the law requires us to keep, without your name.
                        %s
                        The request's status stays at: %s/privacy/erasures/%s

                        This is the last message we send to this address.
                        """.formatted(held.isEmpty() ? "" : "A legal hold requires us to keep some of it for now ("
                        + kept + "); it is erased as soon as the hold is released.\n", baseUrl, job.request())));
            }
            audit.record(new AuditEvent(WorkspaceId.INSTALLATION, AuditEvent.ActorKind.SYSTEM, null,
                    held.isEmpty() ? "privacy_request.erasure_completed" : "privacy_request.erasure_held",
                    "privacy_request:" + job.request(), AuditEvent.Outcome.SUCCESS, purged.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())))));
        });
        return !answered;
    }

    /**
     * Destroys the person's keys, but those a standing hold needs to keep their content readable (the keys of
     * the workspaces its held content is in, or all of them for a hold on the person everywhere) and those of
     * the workspaces whose organisation controls their content there.
     */
    private void shred(PersonId person, List<LegalHolds.Hold> held, Set<WorkspaceId> customers) {
        List<LegalHolds.Hold> content = held.stream().filter(hold -> hold.tables().stream()
                .anyMatch(SEALED_CONTENT::contains)).toList();
        if (content.stream().anyMatch(hold -> hold.workspaceId() == null)) {
            return; // held everywhere: nothing of theirs may become unreadable yet
        }
        Set<WorkspaceId> kept = new java.util.HashSet<>(customers);
        content.forEach(hold -> kept.add(new WorkspaceId(java.util.Objects.requireNonNull(hold.workspaceId()))));
        seal.shred(person, kept);
    }

    /** The tables of a person's sessions: in a customer's workspace, the customer's to keep or erase. */
    private static final Set<String> CUSTOMER_CONTENT = Set.of("agent_sessions", "session_events", "session_files");

    /** Tables whose content is sealed under the person's keys, or that carry such content with them. */
    private static final java.util.Set<String> SEALED_CONTENT = java.util.Set.of("agent_sessions", "session_events",
            "session_files", "agents");

    private static boolean reaches(LegalHolds.Hold hold, WorkspaceId workspace) {
        return hold.workspaceId() == null || hold.workspaceId().equals(workspace.id());
    }

    private String advance(Job job, String step) {
        jdbc.sql("UPDATE erasure_jobs SET step = :step WHERE request_id = :id")
                .param("step", step).param("id", job.request()).update();
        return step;
    }

    /**
     * The person's rows in every table of the data map, in their data-subject scope: rows whose every column
     * is to go are deleted; otherwise the columns naming them are set null, anonymized or kept, as mapped.
     */
    private Map<String, Integer> purgeRows(PersonId person, Set<WorkspaceId> customers) {
        UUID[] kept = customers.stream().map(WorkspaceId::id).toArray(UUID[]::new);
        Map<String, Integer> purged = new LinkedHashMap<>();
        List<DataMap.Table> tables = new ArrayList<>(map.tables().stream()
                .filter(table -> !table.subjectColumns().isEmpty()).toList());
        // Rows found through another table go before it; the person's own row goes last.
        tables.sort(java.util.Comparator.comparingInt((DataMap.Table table) -> table.subjectJoin() != null ? 0
                : table.name().equals("people") ? 2 : 1));
        transactions.executeWithoutResult(status -> tenancy.asSubject(person, () -> {
            for (DataMap.Table table : tables) {
                int changed = table.columns().stream().allMatch(column -> GONE.contains(column.erasure()))
                        ? deleteRows(table, person, kept) : clearColumns(table, person, kept);
                if (changed > 0) {
                    purged.put(table.name(), changed);
                }
            }
            return null;
        }));
        return purged;
    }

    private int deleteRows(DataMap.Table table, PersonId person, UUID[] customers) {
        return jdbc.sql("DELETE FROM " + table.name() + " WHERE ctid IN (SELECT t.place FROM ("
                        + table.subjectRows("t.ctid AS place, t.*") + ") t WHERE NOT " + held(table, "t") + ")")
                .param("subject", person.id()).param("customers", customers).update();
    }

    /**
     * SQL true for a row of the table (aliased) that this person's erasure must leave: a standing hold names it,
     * or it is their content in a workspace whose organisation controls it ({@code :customers}).
     */
    private static String held(DataMap.Table table, String alias) {
        String hold = LegalHolds.names("'" + table.name() + "'", alias, table.inWorkspace(), ":subject");
        return CUSTOMER_CONTENT.contains(table.name())
                ? "(" + hold + " OR " + alias + ".workspace_id = ANY(:customers))" : hold;
    }

    private int clearColumns(DataMap.Table table, PersonId person, UUID[] customers) {
        int changed = 0;
        for (String column : table.subjectColumns()) {
            if (column.contains(".")) {
                continue; // found through another table: that table's own rule applies
            }
            String erasure = table.columns().stream().filter(c -> c.name().equals(column)).findFirst()
                    .map(DataMap.Column::erasure).orElse("keep");
            String value = switch (erasure) {
                case "null" -> "NULL";
                case "anonymize" -> "'" + ERASED_PERSON + "'";
                default -> null;
            };
            if (value == null) {
                continue;
            }
            String update = "UPDATE " + table.name() + " SET " + column + " = " + value + " WHERE " + column
                    + " = :subject AND NOT " + held(table, table.name());
            if (!table.inWorkspace()) {
                changed += jdbc.sql(update).param("subject", person.id()).param("customers", customers).update();
                continue;
            }
            // A row that stops naming the person leaves their scope: change it in its workspace's context.
            List<UUID> inWorkspaces = jdbc.sql("SELECT DISTINCT workspace_id FROM " + table.name() + " WHERE "
                    + column + " = :subject").param("subject", person.id()).query(UUID.class).list();
            for (UUID workspace : inWorkspaces) {
                changed += tenancy.inWorkspace(new WorkspaceId(workspace), null, () -> jdbc.sql(update
                        + " AND workspace_id = :w").param("subject", person.id()).param("w", workspace)
                        .param("customers", customers).update());
            }
        }
        return changed;
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }
}
