package dev.custos.audit;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;

/**
 * Something security-relevant that happened. Details hold identifiers, roles and outcomes, never a personal
 * value (no email, no name, no IP address, no secret): the log outlives the people it mentions.
 */
public record AuditEvent(
        WorkspaceId workspace,
        ActorKind actorKind,
        @Nullable UUID actorId,
        String action,
        @Nullable String target,
        Outcome outcome,
        Map<String, String> details) {

    public enum ActorKind { PERSON, API_KEY, SYSTEM, ANONYMOUS }

    public enum Outcome { SUCCESS, FAILURE, DENIED }

    public AuditEvent {
        details = Map.copyOf(details);
    }

    /** An event in a workspace's chain, by a person. */
    public static AuditEvent of(WorkspaceId workspace, PersonId actor, String action) {
        return new AuditEvent(workspace, ActorKind.PERSON, actor.id(), action, null, Outcome.SUCCESS, Map.of());
    }

    /** An event in the installation's own chain (sign-in, sign-up), by a known person or nobody yet. */
    public static AuditEvent installation(@Nullable PersonId actor, String action) {
        return new AuditEvent(WorkspaceId.INSTALLATION, actor == null ? ActorKind.ANONYMOUS : ActorKind.PERSON,
                actor == null ? null : actor.id(), action, null, Outcome.SUCCESS, Map.of());
    }

    /** An event the system itself caused (a scheduled job, a sealed secret opened for it). */
    public static AuditEvent system(WorkspaceId workspace, String action) {
        return new AuditEvent(workspace, ActorKind.SYSTEM, null, action, null, Outcome.SUCCESS, Map.of());
    }

    public AuditEvent viaApiKey(UUID keyId) {
        return with("api_key", keyId.toString());
    }

    public AuditEvent on(String targetType, Object targetId) {
        return new AuditEvent(workspace, actorKind, actorId, action, targetType + ":" + targetId, outcome, details);
    }

    public AuditEvent outcome(Outcome newOutcome) {
        return new AuditEvent(workspace, actorKind, actorId, action, target, newOutcome, details);
    }

    public AuditEvent with(String key, String value) {
        var merged = new TreeMap<>(details);
        merged.put(key, value);
        return new AuditEvent(workspace, actorKind, actorId, action, target, outcome, merged);
    }
}
