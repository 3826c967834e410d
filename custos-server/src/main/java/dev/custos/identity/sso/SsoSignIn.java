package dev.custos.identity.sso;

import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.identity.People;
import dev.custos.identity.Person;
import dev.custos.identity.SignUpRequest;
import dev.custos.identity.factors.SecondFactorSignIn;
import dev.custos.identity.sso.SsoProviders.Provider;
import dev.custos.platform.PersonId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happens after an identity provider vouches for someone (ID-04). The provider's subject names a linked
 * person; at a first sign-in, an email the provider verified links the person who has it. Anyone else needs an
 * invitation: they finish signing up here, with the provider's verified email. A person with a second factor
 * still enters it. Nothing of the provider's tokens is kept, and every outcome is audited.
 */
@Component
public class SsoSignIn implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    static final Duration SIGN_UP_WAIT = Duration.ofMinutes(15);
    private static final String PENDING = "custos.sso.pending-sign-up";

    /** Someone a provider vouched for who has no account yet: they may sign up with an invitation. */
    public record PendingSignUp(UUID providerId, String providerName, String providerLabel, String subject, String email,
                         String name, Instant since) implements Serializable {
        @Override
        public String toString() {
            return "PendingSignUp[" + providerName + "]";
        }
    }

    /** What the person adds to what the provider vouched for: the email is the provider's verified one. */
    public record SignUpForm(@NotBlank @Size(max = 200) String code, @NotBlank @Size(max = 200) String name,
                      @NotNull @Size(max = 1024) String password, @Nullable @Size(max = 200) String company,
                      @Nullable @Size(max = 100) String displayName,
                      @NotNull @AssertTrue(message = "must confirm the minimum age") Boolean ageConfirmed) {
        @Override
        public String toString() {
            return "SignUpForm[redacted]";
        }
    }

    private final SsoProviders providers;
    private final ExternalIdentities identities;
    private final People people;
    private final SecondFactorSignIn secondFactor;
    private final SecurityContextRepository contexts;
    private final Accounts accounts;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Clock clock;

    SsoSignIn(SsoProviders providers, ExternalIdentities identities, People people, SecondFactorSignIn secondFactor,
              SecurityContextRepository contexts, Accounts accounts, TransactionTemplate transactions, AuditLog audit,
              Clock clock) {
        this.providers = providers;
        this.identities = identities;
        this.people = people;
        this.secondFactor = secondFactor;
        this.contexts = contexts;
        this.accounts = accounts;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException {
        var token = (OAuth2AuthenticationToken) authentication;
        var user = (OidcUser) token.getPrincipal();
        // The provider's authentication never stands as ours: it is replaced by a Custos sign-in, or by nobody.
        SecurityContextHolder.clearContext();
        contexts.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
        Provider provider = providers.findByName(token.getAuthorizedClientRegistrationId()).orElse(null);
        if (provider == null || user == null) {
            refuse(request, response, null, "provider_removed");
            return;
        }
        String subject = user.getSubject();
        boolean verified = Boolean.TRUE.equals(user.getEmailVerified());
        String email = user.getEmail() == null ? "" : user.getEmail().strip();
        Optional<PersonId> person = identities.person(provider.id(), subject);
        boolean linkByEmail = false;
        if (person.isEmpty() && verified && !email.isEmpty()) {
            person = people.credentials(email).map(People.Credentials::id);
            linkByEmail = person.isPresent();
        }
        if (person.isEmpty()) {
            if (!verified || email.isEmpty()) {
                refuse(request, response, provider, "email_unverified");
                return;
            }
            String name = user.getFullName() == null || user.getFullName().isBlank() ? "" : user.getFullName();
            request.getSession(true).setAttribute(PENDING, new PendingSignUp(provider.id(), provider.name(),
                    provider.label(), subject, email, name, clock.instant()));
            response.sendRedirect(request.getContextPath() + "/signup/sso");
            return;
        }
        PersonId found = person.get();
        if (people.find(found).map(Person::disabled).orElse(true)) {
            refuse(request, response, provider, "account_disabled");
            return;
        }
        if (linkByEmail) {
            transactions.executeWithoutResult(status -> {
                identities.link(provider.id(), subject, found, clock.instant());
                audit.record(AuditEvent.installation(found, "account.sso_linked").on("person", found)
                        .with("provider", provider.name()).with("by", "verified_email"));
            });
        }
        identities.signedIn(provider.id(), subject, clock.instant());
        boolean codeNeeded = secondFactor.awaitCode(found, false, request);
        audit.record(AuditEvent.installation(found, "auth.sign_in").with("method", "oidc")
                .with("provider", provider.name()).with("second_factor", codeNeeded ? "pending" : "none"));
        if (codeNeeded) {
            response.sendRedirect(request.getContextPath() + "/signin/second-factor");
            return;
        }
        secondFactor.signIn(found, request, response);
        response.sendRedirect(request.getContextPath() + "/");
    }

    /** A sign-in the provider or the protocol refused: back to the sign-in page with why, audited. */
    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        refuse(request, response, null, reason(exception));
    }

    /** The error code, looking through the wrapper the redirect to the provider puts around its failures. */
    private static String reason(AuthenticationException exception) {
        Throwable cause = exception.getCause();
        if (exception instanceof OAuth2AuthenticationException oauth) {
            return oauth.getError().getErrorCode();
        }
        if (cause instanceof OAuth2AuthenticationException oauth) {
            return oauth.getError().getErrorCode();
        }
        // Spring Security names an unknown registration with an IllegalArgumentException of its own.
        return cause instanceof IllegalArgumentException ? "client_registration_not_found" : "other";
    }

    /** Removes the person's link to a provider, audited; returns whether there was one. */
    boolean unlink(PersonId person, String provider) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            boolean removed = identities.unlink(person, provider);
            if (removed) {
                audit.record(AuditEvent.installation(person, "account.sso_unlinked").on("person", person)
                        .with("provider", provider));
            }
            return removed;
        }));
    }

    /** The person a provider vouched for, still waiting to sign up; empty once too late or used. */
    public Optional<PendingSignUp> pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        PendingSignUp pending = session == null ? null : (PendingSignUp) session.getAttribute(PENDING);
        if (pending == null || pending.since().plus(SIGN_UP_WAIT).isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(pending);
    }

    /**
     * Creates the account of the person a provider vouched for, with an invitation, their verified email and a
     * password of their choosing; links them to the provider in the same transaction and signs them in.
     */
    public PersonId signUp(SignUpForm form, HttpServletRequest request, HttpServletResponse response) {
        PendingSignUp pending = pending(request).orElseThrow(() -> CustosException.invalid("sso-sign-up-expired",
                "Sign in with your identity provider again: the sign-up waits " + SIGN_UP_WAIT.toMinutes()
                        + " minutes after it."));
        var withVerifiedEmail = new SignUpRequest(form.code(), pending.email(), form.password(), form.name(),
                form.company(), form.displayName(), form.ageConfirmed());
        PersonId person = transactions.execute(status -> {
            PersonId created = accounts.signUp(withVerifiedEmail);
            identities.link(pending.providerId(), pending.subject(), created, clock.instant());
            audit.record(AuditEvent.installation(created, "account.sso_linked").on("person", created)
                    .with("provider", pending.providerName()).with("by", "sign_up"));
            return created;
        });
        request.getSession().removeAttribute(PENDING);
        audit.record(AuditEvent.installation(person, "auth.sign_in").with("method", "oidc")
                .with("provider", pending.providerName()).with("second_factor", "none"));
        secondFactor.signIn(person, request, response);
        return person;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, @Nullable Provider provider,
                        String reason) throws IOException {
        audit.record(AuditEvent.installation(null, "auth.sign_in").outcome(AuditEvent.Outcome.FAILURE)
                .with("method", "oidc").with("provider", provider == null ? "unknown" : provider.name())
                .with("reason", SsoErrors.auditable(reason)));
        response.sendRedirect(request.getContextPath() + "/signin?ssoError=" + SsoErrors.slug(reason));
    }
}
