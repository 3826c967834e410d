package dev.custos.identity.factors;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.PersonId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Passkeys through the API (ID-06). Each ceremony is two calls: the options for the browser's
 * {@code navigator.credentials.create()} or {@code .get()}, then the device's answer as
 * {@code PublicKeyCredential.toJSON()} gives it. Adding or removing a passkey takes the password again.
 */
@RestController
class PasskeyController {

    private final Passkeys passkeys;
    private final SecondFactorSignIn signIn;
    private final SecondFactors factors;
    private final Accounts accounts;

    PasskeyController(Passkeys passkeys, SecondFactorSignIn signIn, SecondFactors factors, Accounts accounts) {
        this.passkeys = passkeys;
        this.signIn = signIn;
        this.factors = factors;
        this.accounts = accounts;
    }

    record Password(@NotBlank @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "Password[redacted]";
        }
    }

    /** The device's answer, as {@code PublicKeyCredential.toJSON()} gives it. */
    record Answer(@NotNull JsonNode credential, @Nullable @Size(max = 60) String label) {
    }

    /** A new passkey, and backup codes when it is the person's first second factor (shown this once). */
    record Registered(Passkeys.Passkey passkey, List<String> backupCodes) {
    }

    record PasskeySignedIn(PersonId personId) {
    }

    @PostMapping("/api/me/passkeys/registration")
    ObjectNode registrationOptions(Actor actor, @Valid @RequestBody Password request, HttpServletRequest http) {
        PersonId person = actor.requireSignedIn("Adding a passkey").person();
        accounts.reverify(person, request.password(), "passkey_registration");
        return passkeys.registrationOptions(person, http.getSession());
    }

    @PostMapping("/api/me/passkeys")
    @ResponseStatus(HttpStatus.CREATED)
    Registered register(Actor actor, @Valid @RequestBody Answer answer, HttpServletRequest http) {
        PersonId person = actor.requireSignedIn("Adding a passkey").person();
        String label = answer.label() == null || answer.label().isBlank() ? "Passkey" : answer.label();
        Passkeys.Passkey added = passkeys.register(person, answer.credential().toString(), label, http.getSession());
        return new Registered(added, factors.backupCodesIfNone(person));
    }

    @GetMapping("/api/me/passkeys")
    List<Passkeys.Passkey> list(Actor actor) {
        return passkeys.list(actor.requireSignedIn("Listing passkeys").person());
    }

    @PostMapping("/api/me/passkeys/{id}/removal")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(Actor actor, @PathVariable String id, @Valid @RequestBody Password request) {
        PersonId person = actor.requireSignedIn("Removing a passkey").person();
        accounts.reverify(person, request.password(), "passkey_removal");
        if (!passkeys.remove(person, id)) {
            throw CustosException.notFound("The passkey");
        }
        factors.factorRemoved(person);
    }

    /** Options for signing in with a passkey alone: the device offers whichever passkey it holds for this site. */
    @PostMapping("/api/auth/passkey/options")
    ObjectNode signInOptions(HttpServletRequest http) {
        return passkeys.signInOptions(http.getSession(true), null);
    }

    @PostMapping("/api/auth/passkey")
    PasskeySignedIn signIn(@Valid @RequestBody Answer answer, HttpServletRequest http, HttpServletResponse response) {
        return new PasskeySignedIn(signIn.signInWithPasskey(answer.credential().toString(), http, response));
    }

    /** Options for the second step of a password sign-in: the waiting person's passkeys. */
    @PostMapping("/api/auth/sign-in/second-factor/passkey/options")
    ObjectNode secondFactorOptions(HttpServletRequest http) {
        return signIn.passkeyOptions(http);
    }

    @PostMapping("/api/auth/sign-in/second-factor/passkey")
    PasskeySignedIn secondFactor(@Valid @RequestBody Answer answer, HttpServletRequest http, HttpServletResponse response) {
        return new PasskeySignedIn(signIn.completeWithPasskey(answer.credential().toString(), http, response));
    }
}
