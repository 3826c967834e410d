package dev.custos.identity.signin;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Accounts;
import dev.custos.identity.SignUpRequest;
import dev.custos.identity.factors.SecondFactorSignIn;
import dev.custos.identity.throttle.SignInThrottle;
import dev.custos.platform.PersonId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up, sign-in and sign-out for API clients; the pages use the same services. */
@RestController
@RequestMapping("/api/auth")
class AuthController {

    private final Accounts accounts;
    private final AuthenticationManager authentication;
    private final SecondFactorSignIn secondFactor;
    private final SignInThrottle throttle;
    private final RememberMe rememberMe;

    AuthController(Accounts accounts, AuthenticationManager authentication, SecondFactorSignIn secondFactor,
                   SignInThrottle throttle, RememberMe rememberMe) {
        this.rememberMe = rememberMe;
        this.throttle = throttle;
        this.accounts = accounts;
        this.authentication = authentication;
        this.secondFactor = secondFactor;
    }

    record SignedUp(PersonId personId) {
    }

    /** {@code rememberMe}: also keep this device signed in for 30 days (a cookie apart from the session). */
    record SignIn(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 1024) String password,
                  @Nullable Boolean rememberMe) {
        @Override
        public String toString() {
            return "SignIn[redacted]";
        }
    }

    /**
     * Signed in; or, when the account has a second factor, {@code secondFactorRequired}, no person yet, and which
     * factors the person can use next ({@code totp}, {@code passkey}).
     */
    record SignedIn(@Nullable PersonId personId, boolean secondFactorRequired,
                    java.util.@Nullable List<String> secondFactors) {
    }

    record SecondFactorCode(@NotBlank @Size(max = 64) String code) {
        @Override
        public String toString() {
            return "SecondFactorCode[redacted]";
        }
    }

    /** The CSRF token a cookie-authenticated client sends back in the X-XSRF-TOKEN header. */
    @GetMapping("/csrf")
    Map<String, String> csrf(CsrfToken token) {
        return Map.of("headerName", token.getHeaderName(), "token", token.getToken());
    }

    @PostMapping("/sign-up")
    @ResponseStatus(HttpStatus.CREATED)
    SignedUp signUp(@Valid @RequestBody SignUpRequest request) {
        return new SignedUp(accounts.signUp(request));
    }

    @PostMapping("/sign-in")
    SignedIn signIn(@Valid @RequestBody SignIn request, HttpServletRequest http, HttpServletResponse response) {
        throttle.check(request.email(), http.getRemoteAddr());
        Authentication result;
        try {
            result = authentication.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated(request.email(), request.password()));
        } catch (AuthenticationException e) {
            throttle.record(request.email(), http.getRemoteAddr(), false);
            // One answer for every failure, so sign-in cannot be used to learn which emails have accounts.
            throw new CustosException(HttpStatus.UNAUTHORIZED, "sign-in-failed", "Email or password is not correct.");
        }
        PersonId person = ((SignedInPerson) result.getPrincipal()).person();
        boolean remember = Boolean.TRUE.equals(request.rememberMe());
        if (secondFactor.awaitCode(person, remember, http)) {
            throttle.undecided(request.email(), http.getRemoteAddr());
            return new SignedIn(null, true, secondFactor.methods(person)); // not a success yet: the factor decides
        }
        throttle.record(request.email(), http.getRemoteAddr(), true);
        secondFactor.signIn(result, http, response);
        if (remember) {
            rememberMe.issue(person, http, response);
        }
        return new SignedIn(person, false, null);
    }

    /** The second step of a sign-in with a second factor: a code from the authenticator, or a backup code. */
    @PostMapping("/sign-in/second-factor")
    SignedIn secondFactor(@Valid @RequestBody SecondFactorCode request, HttpServletRequest http,
                          HttpServletResponse response) {
        return new SignedIn(secondFactor.complete(request.code(), http, response), false, null);
    }

    @PostMapping("/sign-out")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void signOut(HttpServletRequest request, HttpServletResponse response) {
        rememberMe.forget(request, response);
        new SecurityContextLogoutHandler().logout(request, response,
                SecurityContextHolder.getContext().getAuthentication());
    }
}
