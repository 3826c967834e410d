package dev.custos.privacy.erasure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.People;
import dev.custos.identity.Person;
import dev.custos.keys.ContentSeal;
import dev.custos.platform.Mail;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.privacy.erasure.ErasureJobs.Step;
import dev.custos.privacy.requests.PrivacyRequests;
import dev.custos.privacy.retention.LegalHolds;
import dev.custos.workspace.Workspaces;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps of an erasure after its request (DR-04), each committed before the next so that a crash resumes
 * where it stopped: destroy the person's keys, delete the workspaces they owned alone, purge their rows as the
 * data map says, and answer the request (by mail too: the last message to that address).
 */
@Component
class ErasureSteps {

    private final ErasureJobs erasureJobs;
    private final SubjectPurge purge;
    private final LegalHolds holds;
    private final Workspaces workspaces;
    private final WorkspaceDeletion deletion;
    private final ContentSeal seal;
    private final PrivacyRequests requests;
    private final People people;
    private final Mail mail;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final String baseUrl;

    ErasureSteps(ErasureJobs erasureJobs, SubjectPurge purge, LegalHolds holds, Workspaces workspaces,
                 WorkspaceDeletion deletion, ContentSeal seal, PrivacyRequests requests, People people, Mail mail,
                 AuditLog audit, TransactionTemplate transactions, @Value("${custos.identity.base-url}") String baseUrl) {
        this.erasureJobs = erasureJobs;
        this.purge = purge;
        this.holds = holds;
        this.workspaces = workspaces;
        this.deletion = deletion;
        this.seal = seal;
        this.requests = requests;
        this.people = people;
        this.mail = mail;
        this.audit = audit;
        this.transactions = transactions;
        this.baseUrl = baseUrl;
    }

    /**
     * Carries a job as far as it goes now. What a standing legal hold names is spared (its keys, its workspace,
     * its rows): the request is answered with what was erased, and the job waits ("held") to erase the rest
     * once no hold reaches the person. Returns whether this pass completed the request.
     */
    boolean carryOut(ErasureJobs.Job job) {
        Step step = job.step();
        List<LegalHolds.Hold> held = holds.covering(job.person());
        boolean answered = step == Step.HELD;
        if (answered) {
            if (!held.isEmpty()) {
                return false;
            }
            step = erasureJobs.advance(job, Step.SHRED);
        }
        if (step == Step.SHRED) {
            shred(job.person(), held, job.customers());
            step = erasureJobs.advance(job, Step.WORKSPACES);
        }
        if (step == Step.WORKSPACES) {
            deleteOwnedWorkspaces(job, held, answered);
            step = erasureJobs.advance(job, Step.ROWS);
        }
        if (step != Step.ROWS) {
            return false;
        }
        // The address, read before the rows go, is held in memory only long enough to say the erasure is done.
        Optional<String> address = answered ? Optional.empty() : people.find(job.person()).map(Person::email);
        Map<String, Integer> purged = purge.purge(job.person(), job.customers());
        String kept = held.stream().flatMap(hold -> hold.tables().stream()).distinct().sorted()
                .collect(Collectors.joining(", "));
        transactions.executeWithoutResult(status -> {
            if (held.isEmpty()) {
                erasureJobs.finish(job);
            } else {
                erasureJobs.advance(job, Step.HELD);
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
     * Deletes the workspaces the person owned alone, but those a standing hold reaches: they are deleted once
     * the hold is released (the job's second pass, {@code answered}).
     */
    private void deleteOwnedWorkspaces(ErasureJobs.Job job, List<LegalHolds.Hold> held, boolean answered) {
        List<WorkspaceId> spared = new ArrayList<>();
        for (Workspaces.Owned owned : workspaces.ownedBy(job.person())) {
            if (owned.members() > 1) {
                continue;
            }
            if (held.stream().anyMatch(hold -> reaches(hold, owned.workspace()))) {
                spared.add(owned.workspace());
            } else {
                deletion.delete(owned.workspace(), "owner_erased");
            }
        }
        if (answered) {
            for (WorkspaceId workspace : erasureJobs.sparedWorkspaces(job)) {
                deletion.delete(workspace, "owner_erased");
            }
        }
        erasureJobs.spareWorkspaces(job, spared);
    }

    /**
     * Destroys the person's keys, but those a standing hold needs to keep their content readable (the keys of
     * the workspaces its held content is in, or all of them for a hold on the person everywhere) and those of
     * the workspaces whose organisation controls their content there.
     */
    void shred(PersonId person, List<LegalHolds.Hold> held, Set<WorkspaceId> customers) {
        List<LegalHolds.Hold> content = held.stream().filter(hold -> hold.tables().stream()
                .anyMatch(SEALED_CONTENT::contains)).toList();
        if (content.stream().anyMatch(hold -> hold.workspaceId() == null)) {
            return; // held everywhere: nothing of theirs may become unreadable yet
        }
        Set<WorkspaceId> kept = new HashSet<>(customers);
        content.forEach(hold -> kept.add(new WorkspaceId(Objects.requireNonNull(hold.workspaceId()))));
        seal.shred(person, kept);
    }

    /** Tables whose content is sealed under the person's keys, or that carry such content with them. */
    private static final Set<String> SEALED_CONTENT = Set.of("agent_sessions", "session_events",
            "session_files", "agents");

    private static boolean reaches(LegalHolds.Hold hold, WorkspaceId workspace) {
        return hold.workspaceId() == null || hold.workspaceId().equals(workspace.id());
    }
}
