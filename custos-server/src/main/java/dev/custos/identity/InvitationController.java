package dev.custos.identity;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Installation invitations, issued by installation admins to let someone sign up without a workspace. */
@RestController
@RequestMapping("/api/invitations")
class InvitationController {

    private final Invitations invitations;
    private final Accounts accounts;

    InvitationController(Invitations invitations, Accounts accounts) {
        this.invitations = invitations;
        this.accounts = accounts;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    IssuedInvitation issue(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators issue installation invitations.");
        return invitations.issue(actor.person());
    }
}
