package dev.custos.privacy.erasure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.ClusterJobs;
import dev.custos.platform.PersonId;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.governance.DataProcessing;
import dev.custos.privacy.requests.DepartingMembers;
import dev.custos.privacy.requests.Jurisdiction;
import dev.custos.privacy.requests.PrivacyRequest;
import dev.custos.privacy.requests.PrivacyRequests;
import dev.custos.privacy.requests.RequestKind;
import dev.custos.privacy.retention.LegalHolds;
import dev.custos.workspace.Role;
import dev.custos.workspace.Workspace;
import dev.custos.workspace.WorkspaceTables;
import dev.custos.workspace.Workspaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
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

    private static final Logger log = LoggerFactory.getLogger(Erasures.class);

    private final TransactionTemplate transactions;
    private final Accounts accounts;
    private final Workspaces workspaces;
    private final PrivacyRequests requests;
    private final Clock clock;
    private final Duration grace;
    private final LegalHolds holds;
    private final ClusterJobs jobs;
    private final DataProcessing processing;
    private final DepartingMembers departingMembers;
    private final ErasureJobs erasureJobs;
    private final ErasureSteps steps;
    private final WorkspaceTables workspaceTables;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    Erasures(TransactionTemplate transactions, Accounts accounts, Workspaces workspaces, PrivacyRequests requests,
             Clock clock, @Value("${custos.privacy.erasure-grace:0s}") Duration grace, LegalHolds holds,
             ClusterJobs jobs, DataProcessing processing, DepartingMembers departingMembers,
             ErasureJobs erasureJobs, ErasureSteps steps, WorkspaceTables workspaceTables) {
        this.erasureJobs = erasureJobs;
        this.steps = steps;
        this.workspaceTables = workspaceTables;
        this.processing = processing;
        this.departingMembers = departingMembers;
        this.jobs = jobs;
        this.holds = holds;
        this.transactions = transactions;
        this.accounts = accounts;
        this.workspaces = workspaces;
        this.requests = requests;
        this.clock = clock;
        this.grace = validGrace(grace);
    }

    /** The configured wait before the purge, refused beyond 30 days: an account is erased within 30 days (RT-01). */
    public static Duration validGrace(Duration grace) {
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
            erasureJobs.start(id, person, clock.instant().plus(grace),
                    customers.stream().map(Workspace::id).collect(Collectors.toSet()));
            for (Workspace customer : customers) {
                departingMembers.ask(customer.id(), email, jurisdiction);
            }
            if (!customers.isEmpty()) {
                requests.note(id, "Your sessions in " + customers.stream().map(Workspace::name)
                        .collect(Collectors.joining(", ")) + " are the data of the organisation that runs that "
                        + "workspace: it decides whether they are erased, and was asked to.");
            }
            accounts.disableForErasure(person);
            workspaceTables.deleteApiKeysOf(person);
            return id;
        });
        steps.shred(person, held, customers.stream().map(Workspace::id).collect(Collectors.toSet())); // at once; the job
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
        int finished = 0;
        for (ErasureJobs.Job job : erasureJobs.due()) {
            try {
                finished += steps.carryOut(job) ? 1 : 0;
            } catch (RuntimeException e) {
                log.warn("Erasure {} stopped at step {} ({}); it will be resumed", job.request(), job.step(),
                        e.getClass().getSimpleName());
                log.debug("Erasure failure", e); // at debug only: a database message may quote a value
                erasureJobs.failed(job, e);
            }
        }
        return finished;
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }
}
