package dev.custos.identity;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.signin.RememberMe;
import dev.custos.identity.signin.SignedInSessions;
import dev.custos.platform.web.CustosException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in person's own account: read it, correct it, change the password. */
@RestController
@RequestMapping("/api/me")
class MeController {

    private final Accounts accounts;
    private final SignedInSessions sessions;
    private final RememberMe rememberMe;
    private final EmailChanges emailChanges;

    MeController(Accounts accounts, SignedInSessions sessions, RememberMe rememberMe, EmailChanges emailChanges) {
        this.emailChanges = emailChanges;
        this.accounts = accounts;
        this.sessions = sessions;
        this.rememberMe = rememberMe;
    }

    record PasswordChange(@NotNull @Size(max = 1024) String currentPassword,
                          @NotNull @Size(max = 1024) String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[redacted]";
        }
    }

    @GetMapping
    Person me(Actor actor) {
        return accounts.profile(actor.person());
    }

    @PutMapping
    Person correct(Actor actor, @Valid @RequestBody ProfileChange change) {
        actor.requireSignedIn("Changing your account");
        return accounts.correctProfile(actor.person(), change);
    }

    record EmailChangeRequest(@NotBlank @Size(max = 254) String email,
                              @NotNull @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "EmailChangeRequest[redacted]";
        }
    }

    record EmailChangeConfirmation(@NotBlank @Size(max = 100) String code) {
        @Override
        public String toString() {
            return "EmailChangeConfirmation[redacted]";
        }
    }

    /** Asks to change the email: the password confirms who asks; the new address gets a code, the old is told. */
    @PostMapping("/email-change")
    @ResponseStatus(HttpStatus.ACCEPTED)
    EmailChanges.PendingEmailChange requestEmailChange(Actor actor, @Valid @RequestBody EmailChangeRequest change) {
        return emailChanges.request(actor, change.email(), change.password());
    }

    @GetMapping("/email-change")
    EmailChanges.PendingEmailChange pendingEmailChange(Actor actor) {
        return emailChanges.pending(actor.person())
                .orElseThrow(() -> CustosException.notFound("Pending email change"));
    }

    /** The code the new address received: the email changes now. */
    @PostMapping("/email-change/confirmation")
    Person confirmEmailChange(Actor actor, @Valid @RequestBody EmailChangeConfirmation confirmation) {
        return emailChanges.confirm(actor, confirmation.code());
    }

    @PutMapping("/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(Actor actor, @Valid @RequestBody PasswordChange change, HttpServletRequest request) {
        actor.requireSignedIn("Changing your account");
        accounts.changePassword(actor.person(), change.currentPassword(), change.newPassword());
        sessions.signOutOthers(actor.person(), request.getSession().getId(), "password_changed");
    }

    /** The person's signed-in sessions; the one asking is marked current. */
    @GetMapping("/sessions")
    List<SignedInSessions.SignedInSession> sessions(Actor actor, HttpServletRequest request) {
        actor.requireSignedIn("Listing your sessions");
        return sessions.list(actor.person(), request.getSession().getId());
    }

    @PostMapping("/sessions/sign-out-others")
    Map<String, Integer> signOutOthers(Actor actor, HttpServletRequest request) {
        actor.requireSignedIn("Ending your sessions");
        return Map.of("ended", sessions.signOutOthers(actor.person(), request.getSession().getId(),
                "signed_out_by_owner"));
    }

    @DeleteMapping("/sessions/{sessionId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void signOut(Actor actor, @PathVariable String sessionId) {
        actor.requireSignedIn("Ending your sessions");
        sessions.signOut(actor.person(), sessionId);
    }

    /** The devices that keep this person signed in ("remember me"). */
    @GetMapping("/remember-me")
    List<RememberMe.Remembered> remembered(Actor actor) {
        actor.requireSignedIn("Listing remembered devices");
        return rememberMe.list(actor.person());
    }

    @DeleteMapping("/remember-me/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void forget(Actor actor, @PathVariable String id) {
        actor.requireSignedIn("Forgetting a device");
        rememberMe.revoke(actor.person(), id);
    }
}
