package dev.custos.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.InvitationRedeemer.RedeemedInvitation;
import dev.custos.platform.PersonId;
import dev.custos.platform.Secrets;
import dev.custos.platform.web.CustosException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Sign-up, profile corrections and password changes. */
@Service
public class Accounts {

    private final People people;
    private final List<InvitationRedeemer> redeemers;
    private final PasswordPolicy passwordPolicy;
    private final PasswordEncoder passwords;
    private final IdentityProperties properties;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Accounts(People people, List<InvitationRedeemer> redeemers, PasswordPolicy passwordPolicy,
             PasswordEncoder passwords, IdentityProperties properties, TransactionTemplate transactions,
             AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.people = people;
        this.redeemers = redeemers;
        this.passwordPolicy = passwordPolicy;
        this.passwords = passwords;
        this.properties = properties;
        this.transactions = transactions;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Creates an account with an invitation code. Everything is checked before anything is written, and the
     * invitation, the account and whatever the invitation grants commit together or not at all.
     */
    public PersonId signUp(SignUpRequest request) {
        if (!Boolean.TRUE.equals(request.ageConfirmed())) {
            throw CustosException.invalid("age-not-confirmed",
                    "You must confirm that you are at least " + properties.minimumAge() + " years old.");
        }
        String email = request.email().strip();
        passwordPolicy.check(request.password(), email);
        String hash = passwords.encode(request.password());
        String codeHash = Secrets.sha256(request.code().strip());
        PersonId id = PersonId.random();
        return transactions.execute(status -> {
            // The invitation first: without a valid code nobody learns whether an email has an account. A
            // refusal below rolls the redemption back, so the invitation stays usable.
            RedeemedInvitation invitation = redeemers.stream()
                    .map(redeemer -> redeemer.redeem(codeHash, id))
                    .flatMap(Optional::stream)
                    .findFirst()
                    .orElseThrow(() -> CustosException.invalid("invitation-invalid",
                            "This invitation code is not valid. Sign-up needs an invitation."));
            if (people.emailTaken(email, null)) {
                throw CustosException.conflict("email-taken", "An account with this email already exists.");
            }
            Instant now = clock.instant();
            people.insert(new People.NewPerson(id, email, request.name().strip(),
                    ProfileChange.blankToNull(request.company()), ProfileChange.blankToNull(request.displayName()),
                    null, hash, invitation.installationAdmin(), properties.minimumAge(), invitation.kind(),
                    invitation.invitationId(), invitation.issuedBy()), now);
            audit.record(AuditEvent.installation(id, "account.signed_up").on("person", id)
                    .with("invitation_kind", invitation.kind())
                    .with("invitation_id", invitation.invitationId().toString())
                    .with("invited_by", invitation.issuedBy() == null ? "installation" : invitation.issuedBy().toString()));
            events.publishEvent(new AccountCreated(id, invitation.installationAdmin()));
            return id;
        });
    }

    public Person profile(PersonId id) {
        return people.find(id).orElseThrow(() -> CustosException.notFound("Account"));
    }

    /** Corrects the profile; every field can change here but the email, which {@link EmailChanges} confirms first. */
    public Person correctProfile(PersonId id, ProfileChange requested) {
        ProfileChange given = requested.normalized();
        String current = profile(id).email();
        if (given.email() != null && !given.email().equalsIgnoreCase(current)) {
            throw CustosException.conflict("email-change-needs-confirmation", "A new email must be confirmed: "
                    + "ask for the change with your password (POST /api/me/email-change, or Your account → Change "
                    + "email) and open the link sent to the new address.");
        }
        ProfileChange change = new ProfileChange(given.email() == null ? current : given.email(), given.name(),
                given.company(), given.displayName(), given.avatarUrl());
        return transactions.execute(status -> {
            people.updateProfile(id, change, clock.instant());
            audit.record(AuditEvent.installation(id, "account.profile_corrected").on("person", id));
            return profile(id);
        });
    }

    /** Whether the actor acts as an installation administrator: signed in as one, never through an API key. */
    public boolean isInstallationAdmin(Actor actor) {
        return !actor.viaApiKey() && profile(actor.person()).installationAdmin();
    }

    /** Refuses with 403 and this message unless the actor acts as an installation administrator. */
    public void requireInstallationAdmin(Actor actor, String refusal) {
        if (!isInstallationAdmin(actor)) {
            throw CustosException.forbidden(refusal);
        }
    }

    /**
     * Re-verifies a signed-in person before something that releases or erases their data (DR-11): their
     * password must match now, whatever their session says. A failure is audited and refused with 403.
     */
    public void reverify(PersonId id, String password, String purpose) {
        String stored = people.passwordHash(id).orElseThrow(() -> CustosException.notFound("Account"));
        if (!passwords.matches(password, stored)) {
            audit.record(AuditEvent.installation(id, "account.reverification").on("person", id)
                    .with("purpose", purpose).outcome(AuditEvent.Outcome.DENIED));
            throw new CustosException(HttpStatus.FORBIDDEN, "wrong-password",
                    "The password is not correct; confirm who you are to continue.");
        }
    }

    /**
     * Restricts the processing of the person's data, or lifts the restriction (DR-05), after they confirm their
     * password. While restricted, nothing processes their data; it is kept and can be exported.
     */
    public void restrictProcessing(PersonId id, String password, boolean restricted) {
        reverify(id, password, restricted ? "restrict_processing" : "lift_restriction");
        transactions.executeWithoutResult(status -> {
            people.restrictProcessing(id, restricted ? clock.instant() : null);
            audit.record(AuditEvent.installation(id, restricted ? "processing.restricted" : "processing.unrestricted")
                    .on("person", id));
        });
    }

    /**
     * Closes an account that is being erased: it can no longer sign in, and every session it had ends now.
     * Runs in the caller's transaction.
     */
    public void disableForErasure(PersonId id) {
        people.disable(id, clock.instant());
        audit.record(AuditEvent.installation(id, "account.disabled").on("person", id).with("reason", "erasure"));
    }

    /** Refuses with 403 when the person restricted the processing of their data. */
    public void requireProcessingAllowed(PersonId id) {
        if (people.processingRestricted(id)) {
            throw new CustosException(HttpStatus.FORBIDDEN, "processing-restricted", "Processing of this person's "
                    + "data is restricted at their request; nothing runs on it until they lift the restriction.");
        }
    }

    public void changePassword(PersonId id, String currentPassword, String newPassword) {
        Person person = profile(id);
        String stored = people.passwordHash(id).orElseThrow(() -> CustosException.notFound("Account"));
        if (!passwords.matches(currentPassword, stored)) {
            audit.record(AuditEvent.installation(id, "account.password_change")
                    .outcome(AuditEvent.Outcome.DENIED).with("reason", "wrong_current_password"));
            throw new CustosException(HttpStatus.FORBIDDEN, "wrong-password", "The current password is not correct.");
        }
        passwordPolicy.check(newPassword, person.email());
        String hash = passwords.encode(newPassword);
        transactions.executeWithoutResult(status -> {
            people.updatePassword(id, hash, clock.instant());
            audit.record(AuditEvent.installation(id, "account.password_changed").on("person", id));
        });
    }
}
