package dev.custos.privacy;

import dev.custos.platform.WorkspaceId;
import dev.custos.privacy.erasure.WorkspaceDeletion;
import org.springframework.stereotype.Component;

/**
 * A workspace that moved to another region's installation leaves this one as a deleted workspace does: every row
 * goes but what the law keeps (its audit chain up to the move, its billing), and its keys are destroyed, so what
 * stays here, in backups too, no longer opens.
 */
@Component
public class MovedWorkspaces {

    private final WorkspaceDeletion deletion;

    MovedWorkspaces(WorkspaceDeletion deletion) {
        this.deletion = deletion;
    }

    public void erase(WorkspaceId workspace, String region) {
        deletion.delete(workspace, "moved_to_" + region);
    }
}
