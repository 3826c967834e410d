package dev.custos.identity;

import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import dev.custos.platform.PersonId;
import dev.custos.platform.web.CustosException;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Sign-in in two steps for a person with a second factor: the password alone signs nobody in; it leaves the
 * person waiting in a fresh session for five minutes, and the second step, a code, completes the sign-in. Five
 * wrong codes end the wait, and the password is needed again. Used by the API and by the sign-in page.
 */
@Component
class SecondFactorSignIn implements AuthenticationSuccessHandler {

    static final Duration WAIT = Duration.ofMinutes(5);
    static final int MAX_FAILURES = 5;
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
    private final AuthenticationSuccessHandler pages = new SavedRequestAwareAuthenticationSuccessHandler();

    SecondFactorSignIn(SecondFactors factors, SecurityContextRepository contexts, Clock clock,
                       SignInThrottle throttle, People people, RememberMe rememberMe) {
        this.rememberMe = rememberMe;
        this.throttle = throttle;
        this.people = people;
        this.factors = factors;
        this.contexts = contexts;
        this.clock = clock;
    }

    /** After the password: if the person has a second factor, they now wait for it (signed in as nobody). */
    boolean awaitCode(PersonId person, boolean remember, HttpServletRequest http) {
        if (!factors.enabled(person)) {
            return false;
        }
        http.getSession(true);
        http.changeSessionId();
        http.getSession().setAttribute(PENDING, new Pending(person, clock.instant(), 0, remember));
        return true;
    }

    /** Signs in: a new session id (no fixation) holding the authenticated context. */
    void signIn(Authentication result, HttpServletRequest http, HttpServletResponse response) {
        http.getSession(true);
        http.changeSessionId();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(result);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, http, response);
    }

    /** Signs in a person whose identity another step proved (a second factor, a remembered device). */
    void signIn(PersonId person, HttpServletRequest http, HttpServletResponse response) {
        SignedInPerson principal = new SignedInPerson(person, "", false);
        principal.eraseCredentials();
        signIn(UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()), http,
                response);
    }

    /** The second step: a correct, unused code signs the waiting person in. */
    PersonId complete(String code, HttpServletRequest http, HttpServletResponse response) {
        HttpSession session = http.getSession(false);
        Pending pending = session == null ? null : (Pending) session.getAttribute(PENDING);
        if (pending == null || pending.since().plus(WAIT).isBefore(clock.instant())) {
            if (session != null) {
                session.removeAttribute(PENDING);
            }
            throw new CustosException(HttpStatus.UNAUTHORIZED, "second-factor-expired",
                    "Sign in with your password first (the code is asked for within five minutes of it).");
        }
        // Wrong codes count against the account like wrong passwords: new waits cannot buy unlimited guesses.
        String email = people.find(pending.person()).map(Person::email).orElse("");
        throttle.check(email, http.getRemoteAddr());
        if (!factors.verify(pending.person(), code)) {
            throttle.record(email, http.getRemoteAddr(), false);
            int failures = pending.failures() + 1;
            if (failures >= MAX_FAILURES) {
                session.removeAttribute(PENDING);
                throw new CustosException(HttpStatus.UNAUTHORIZED, "second-factor-failed",
                        "Too many wrong codes; sign in with your password again.");
            }
            session.setAttribute(PENDING, new Pending(pending.person(), pending.since(), failures,
                    pending.rememberMe()));
            throw new CustosException(HttpStatus.UNAUTHORIZED, "invalid-second-factor",
                    "The code is not correct, or was used already.");
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
                                        Authentication authentication) throws IOException, jakarta.servlet.ServletException {
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
        awaitCode(person, remember, request);
        response.sendRedirect(request.getContextPath() + "/signin/second-factor");
    }
}
