package dev.custos.identity.factors;

import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import dev.custos.identity.People;
import dev.custos.identity.Person;
import dev.custos.identity.signin.RememberMe;
import dev.custos.identity.signin.SignedInPerson;
import dev.custos.identity.throttle.SignInThrottle;
import dev.custos.platform.PersonId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sign-in in two steps for a person with a second factor: the password alone signs nobody in; it leaves the
 * person waiting in a fresh session for five minutes, and the second step, a code or a passkey, completes the
 * sign-in. Five wrong answers end the wait, and the password is needed again. Used by the API and by the sign-in
 * page. Also signs in with a passkey alone, which is two factors by itself.
 */
@Component
public class SecondFactorSignIn implements AuthenticationSuccessHandler {

    static final Duration WAIT = Duration.ofMinutes(5);
    public static final int MAX_FAILURES = 5;
    private static final String PENDING = "custos.second-factor.pending";

    /** Who passed the password step, when, and how many wrong codes they entered since. */
    record Pending(PersonId person, Instant since, int failures, boolean rememberMe) implements Serializable {
    }

    private final SecondFactors factors;
    private final SecurityContextRepository contexts;
    private final Clock clock;
    private final SignInThrottle throttle;
    private final People people;
    private final RememberMe rememberMe;
    private final Passkeys passkeys;
    private final AuthenticationSuccessHandler pages = new SavedRequestAwareAuthenticationSuccessHandler();

    SecondFactorSignIn(SecondFactors factors, SecurityContextRepository contexts, Clock clock,
                       SignInThrottle throttle, People people, RememberMe rememberMe, Passkeys passkeys) {
        this.passkeys = passkeys;
        this.rememberMe = rememberMe;
        this.throttle = throttle;
        this.people = people;
        this.factors = factors;
        this.contexts = contexts;
        this.clock = clock;
    }

    /** After the password: if the person has a second factor, they now wait for it (signed in as nobody). */
    public boolean awaitCode(PersonId person, boolean remember, HttpServletRequest http) {
        if (!factors.enabled(person)) {
            return false;
        }
        http.getSession(true);
        http.changeSessionId();
        http.getSession().setAttribute(PENDING, new Pending(person, clock.instant(), 0, remember));
        return true;
    }

    /** Signs in: a new session id (no fixation) holding the authenticated context. */
    public void signIn(Authentication result, HttpServletRequest http, HttpServletResponse response) {
        http.getSession(true);
        http.changeSessionId();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(result);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, http, response);
    }

    /** Signs in a person whose identity another step proved (a second factor, a remembered device). */
    public void signIn(PersonId person, HttpServletRequest http, HttpServletResponse response) {
        SignedInPerson principal = new SignedInPerson(person, "", false);
        principal.eraseCredentials();
        signIn(UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()), http,
                response);
    }

    /** The second step: a correct, unused code signs the waiting person in. */
    public PersonId complete(String code, HttpServletRequest http, HttpServletResponse response) {
        return complete(http, response, pending -> factors.verify(pending.person(), code),
                new CustosException(HttpStatus.UNAUTHORIZED, "invalid-second-factor",
                        "The code is not correct, or was used already."));
    }

    /** The second step with a passkey: a signed assertion of one of the waiting person's passkeys. */
    PersonId completeWithPasskey(String credentialJson, HttpServletRequest http, HttpServletResponse response) {
        return complete(http, response, pending -> {
            passkeys.verifySignIn(credentialJson, http.getSession(), pending.person());
            return true;
        }, null);
    }

    /** Options for the waiting person's passkeys, for {@code navigator.credentials.get()}. */
    ObjectNode passkeyOptions(HttpServletRequest http) {
        Pending pending = pending(http);
        return passkeys.signInOptions(http.getSession(), pending.person());
    }

    /** Which second factors the waiting person can use: {@code totp} and or {@code passkey}. */
    public List<String> methods(PersonId person) {
        var methods = new ArrayList<String>();
        if (factors.totpOn(person)) {
            methods.add("totp");
        }
        if (passkeys.any(person)) {
            methods.add("passkey");
        }
        return methods;
    }

    /**
     * Signs in with a passkey alone (ID-06): the device verified the person and signed; nothing else is asked.
     * Failures count against the address, and against the account once the passkey names one.
     */
    PersonId signInWithPasskey(String credentialJson, HttpServletRequest http, HttpServletResponse response) {
        throttle.checkAddress(http.getRemoteAddr());
        PersonId person;
        try {
            person = passkeys.verifySignIn(credentialJson, http.getSession(true), null);
        } catch (CustosException refused) {
            throttle.record("unknown-passkey", http.getRemoteAddr(), false);
            throw refused;
        }
        Person account = people.find(person).orElse(null);
        if (account == null || account.disabled()) {
            throw new CustosException(HttpStatus.UNAUTHORIZED, "sign-in-failed", "This account is closed.");
        }
        throttle.record(account.email(), http.getRemoteAddr(), true);
        signIn(person, http, response);
        return person;
    }

    /** The second factors of the person waiting, for the page to offer; empty when nobody is waiting. */
    public List<String> waitingMethods(HttpServletRequest http) {
        try {
            return methods(pending(http).person());
        } catch (CustosException nobody) {
            return List.of();
        }
    }

    /** The person waiting for their second factor; refused when nobody is, or the wait is over. */
    private Pending pending(HttpServletRequest http) {
        HttpSession session = http.getSession(false);
        Pending pending = session == null ? null : (Pending) session.getAttribute(PENDING);
        if (pending == null || pending.since().plus(WAIT).isBefore(clock.instant())) {
            if (session != null) {
                session.removeAttribute(PENDING);
            }
            throw new CustosException(HttpStatus.UNAUTHORIZED, "second-factor-expired",
                    "Sign in with your password first (the second factor is asked for within five minutes of it).");
        }
        return pending;
    }

    /**
     * Checks the waiting person's second factor with {@code check}: true, or an exception of its own, is a
     * refusal's answer ({@code wrong} when it only said false). Refusals count like wrong passwords; five end the
     * wait.
     */
    private PersonId complete(HttpServletRequest http, HttpServletResponse response,
                              Predicate<Pending> check, @Nullable
                              CustosException wrong) {
        Pending pending = pending(http);
        HttpSession session = http.getSession();
        // Wrong answers count against the account like wrong passwords: new waits cannot buy unlimited guesses.
        String email = people.find(pending.person()).map(Person::email).orElse("");
        throttle.check(email, http.getRemoteAddr());
        CustosException refusal;
        try {
            refusal = check.test(pending) ? null : wrong;
        } catch (CustosException e) {
            refusal = e;
        }
        if (refusal != null) {
            throttle.record(email, http.getRemoteAddr(), false);
            int failures = pending.failures() + 1;
            if (failures >= MAX_FAILURES) {
                session.removeAttribute(PENDING);
                throw new CustosException(HttpStatus.UNAUTHORIZED, "second-factor-failed",
                        "Too many wrong answers; sign in with your password again.");
            }
            session.setAttribute(PENDING, new Pending(pending.person(), pending.since(), failures,
                    pending.rememberMe()));
            throw refusal;
        }
        throttle.record(email, http.getRemoteAddr(), true);
        session.removeAttribute(PENDING);
        signIn(pending.person(), http, response);
        if (pending.rememberMe()) {
            rememberMe.issue(pending.person(), http, response);
        }
        return pending.person();
    }

    /** The sign-in page's password step: with a second factor, on to the code page instead of in. */
    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException, ServletException {
        PersonId person = ((SignedInPerson) authentication.getPrincipal()).person();
        boolean remember = "true".equals(request.getParameter("rememberMe"));
        if (!factors.enabled(person)) {
            throttle.record(request.getParameter("email") == null ? "" : request.getParameter("email"),
                    request.getRemoteAddr(), true);
            if (remember) {
                rememberMe.issue(person, request, response);
            }
            pages.onAuthenticationSuccess(request, response, authentication);
            return;
        }
        SecurityContextHolder.clearContext();
        contexts.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
        throttle.undecided(request.getParameter("email") == null ? "" : request.getParameter("email"),
                request.getRemoteAddr());
        awaitCode(person, remember, request);
        response.sendRedirect(request.getContextPath() + "/signin/second-factor");
    }
}
