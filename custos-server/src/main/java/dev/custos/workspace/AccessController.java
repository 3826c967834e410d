package dev.custos.workspace;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/workspaces/{id}/access}: who has access to what; {@code /access-reviews}: the recorded
 * reviews, and {@code POST} to record one. Owners and admins.
 */
@RestController
class AccessController {

    private final AccessReviews reviews;
    private final Workspaces workspaces;

    AccessController(AccessReviews reviews, Workspaces workspaces) {
        this.reviews = reviews;
        this.workspaces = workspaces;
    }

    record ReviewRequest(@Nullable @Size(max = 2000) String note) {
    }

    @GetMapping("/api/workspaces/{workspaceId}/access")
    AccessReviews.Overview overview(Actor actor, @PathVariable UUID workspaceId) {
        return reviews.overview(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }

    @GetMapping("/api/workspaces/{workspaceId}/access-reviews")
    List<AccessReviews.Review> list(Actor actor, @PathVariable UUID workspaceId) {
        return reviews.reviews(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }

    @PostMapping("/api/workspaces/{workspaceId}/access-reviews")
    @ResponseStatus(HttpStatus.CREATED)
    AccessReviews.Review record(Actor actor, @PathVariable UUID workspaceId,
                                @Valid @RequestBody ReviewRequest request) {
        return reviews.record(workspaces.access(actor, new WorkspaceId(workspaceId)),
                request.note() == null ? "" : request.note());
    }
}
