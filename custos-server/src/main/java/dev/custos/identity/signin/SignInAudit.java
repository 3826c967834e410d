package dev.custos.identity.signin;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.People;
import dev.custos.platform.PersonId;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Records every password sign-in attempt in the installation's audit chain. A failure names the account by its
 * opaque id when one exists; the email typed is never written down.
 */
@Component
class SignInAudit {

    private final AuditLog audit;
    private final People people;

    SignInAudit(AuditLog audit, People people) {
        this.audit = audit;
        this.people = people;
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof SignedInPerson person) {
            audit.record(AuditEvent.installation(person.person(), "auth.sign_in").with("method", "password"));
        }
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        if (!(event.getAuthentication() instanceof UsernamePasswordAuthenticationToken)) {
            return; // a single sign-on failure is audited where it is handled, with its reason
        }
        String email = String.valueOf(event.getAuthentication().getPrincipal());
        PersonId known = people.credentials(email.strip()).map(People.Credentials::id).orElse(null);
        audit.record(AuditEvent.installation(known, "auth.sign_in")
                .outcome(AuditEvent.Outcome.FAILURE)
                .with("method", "password")
                .with("reason", known == null ? "unknown_account" : reason(event)));
    }

    private static String reason(AbstractAuthenticationFailureEvent event) {
        String name = event.getClass().getSimpleName();
        return switch (name) {
            case "AuthenticationFailureBadCredentialsEvent" -> "bad_credentials";
            case "AuthenticationFailureDisabledEvent" -> "account_disabled";
            default -> "other";
        };
    }
}
