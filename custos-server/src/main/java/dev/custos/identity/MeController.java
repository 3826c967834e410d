package dev.custos.identity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
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

    MeController(Accounts accounts) {
        this.accounts = accounts;
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

    @PutMapping("/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(Actor actor, @Valid @RequestBody PasswordChange change) {
        actor.requireSignedIn("Changing your account");
        accounts.changePassword(actor.person(), change.currentPassword(), change.newPassword());
    }
}
