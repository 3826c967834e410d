package dev.custos.workspace;

import dev.custos.audit.AuditEvent;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;

/** A member's standing in one workspace, as established for the current request. */
public record WorkspaceAccess(WorkspaceId workspace, Actor actor, Role role) {

    /**
     * Refuses with 403 unless the role allows it and, for an API key, its scopes do too. Membership itself was
     * checked before this record existed: non-members get 404 and never learn the workspace exists.
     */
    public WorkspaceAccess require(Permission permission) {
        if (!role.allows(permission)) {
            throw CustosException.forbidden("Your role (" + role.key() + ") does not allow this.");
        }
        if (actor.apiKey() != null && !actor.apiKey().scopes().contains(permission.scope())) {
            throw CustosException.forbidden("This API key lacks the '" + permission.scope() + "' scope.");
        }
        return this;
    }

    /** Whether the role allows it and, for an API key, its scopes do too; {@link #require} without the refusal. */
    public boolean can(Permission permission) {
        return role.allows(permission)
                && (actor.apiKey() == null || actor.apiKey().scopes().contains(permission.scope()));
    }

    /** Starts an audit event attributed to this actor (and key, if any) in this workspace's chain. */
    public AuditEvent event(String action) {
        AuditEvent event = AuditEvent.of(workspace, actor.person(), action);
        return actor.apiKey() == null ? event : event.viaApiKey(actor.apiKey().keyId());
    }
}
