package dev.custos.identity.signin;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.custos.audit.AuditLog;
import dev.custos.identity.ApiKeyAuthenticator;
import dev.custos.identity.factors.SecondFactorSignIn;
import dev.custos.identity.sso.SsoLogin;
import dev.custos.identity.throttle.SignInPageThrottle;
import dev.custos.identity.throttle.SignInThrottle;
import dev.custos.platform.web.Problems;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * One filter chain for pages and API: sessions with CSRF protection for browsers, bearer API keys for scripts
 * (which need no CSRF token, since a browser never attaches them by itself). API failures are problem+json;
 * pages redirect to sign-in.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    // Images only from Custos itself: a model's answer could otherwise name an image on any host and have every
    // reader's browser send data there (Markdown images are shown as links for the same reason).
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "style-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; "
            + "object-src 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        // Argon2id with salt, memory and iterations as Spring Security recommends since 5.8 (RFC 9106 profile).
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    AuthenticationManager authenticationManager(AuthenticationConfiguration configuration) throws Exception {
        return configuration.getAuthenticationManager();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, List<ApiKeyAuthenticator> apiKeys, JsonMapper json,
                                            SecurityContextRepository contexts, SecondFactorSignIn secondFactor,
                                            SignInThrottle throttle, RememberMe rememberMe, AuditLog audit,
                                            Clock clock, SsoLogin sso,
                                            @Value("${custos.identity.session-lifetime:12h}") Duration sessionLifetime)
            throws Exception {
        // The OpenAI-compatible gateway under /v1 and the MCP endpoint are APIs too: their refusals are JSON, never
        // a sign-in page.
        RequestMatcher mcp = PathPatternRequestMatcher.withDefaults().matcher("/mcp");
        RequestMatcher gateway = PathPatternRequestMatcher.withDefaults().matcher("/v1/**");
        // Slack's events carry Slack's signature, checked by the connection module, and no cookie.
        RequestMatcher slackEvents = PathPatternRequestMatcher.withDefaults().matcher("/integrations/slack/events");
        // Likewise the payment processor's webhooks: their signature is checked by the billing module.
        RequestMatcher processorEvents = PathPatternRequestMatcher.withDefaults()
                .matcher("/integrations/stripe/events");
        // The one-click unsubscribe (RFC 8058): a mail client posts it with no cookie; the link's token decides.
        RequestMatcher unsubscribe = PathPatternRequestMatcher.withDefaults().matcher("/unsubscribe/*");
        RequestMatcher api = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
                gateway, mcp);
        AuthenticationEntryPoint apiUnauthenticated = (request, response, e) -> Problems.write(request, response, json,
                request.getAttribute(RememberMe.REFUSED) == null
                        ? Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Sign in or send an API key.")
                        : Problems.of(HttpStatus.UNAUTHORIZED, "remembered-sign-in-ended", "This device's remembered "
                                + "sign-in has expired or was revoked; sign in again."));
        var signInPage = new LoginUrlAuthenticationEntryPoint("/signin");
        AuthenticationEntryPoint pageUnauthenticated = (request, response, e) -> {
            if (request.getAttribute(RememberMe.REFUSED) != null) {
                response.sendRedirect(request.getContextPath() + "/signin?rememberEnded");
            } else {
                signInPage.commence(request, response, e);
            }
        };
        AccessDeniedHandler apiDenied = (request, response, e) -> Problems.write(request, response, json,
                Problems.of(HttpStatus.FORBIDDEN, "csrf-or-access-denied",
                        "The request was refused: a missing or stale CSRF token, or no permission."));
        http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/signup", "/signin", "/signin/second-factor", "/api/auth/sign-up",
                                "/api/auth/sign-in", "/api/auth/sign-in/second-factor",
                                "/api/auth/csrf", "/actuator/health/**", "/actuator/prometheus", "/api/docs/**",
                                "/api/swagger-ui/**",
                                "/swagger-ui/**", "/css/**", "/favicon.ico", "/error", "/problems/**", "/privacy",
                                "/privacy.md", "/conformance", "/conformance.md", "/privacy/erasures/*", "/privacy/requests/confirm",
                                "/requests/*",
                                "/api/privacy/end-user-requests", "/api/privacy/end-user-requests/confirmation",
                                "/oauth2/authorization/*", "/login/oauth2/code/*", "/signup/sso",
                                "/api/auth/sso-providers", "/api/auth/sign-up/sso", "/api/auth/passkey",
                                "/api/auth/passkey/options", "/api/auth/sign-in/second-factor/passkey",
                                "/api/auth/sign-in/second-factor/passkey/options", "/js/**",
                                "/privacy/cookies", "/preferences/theme", "/api/privacy/cookies",
                                "/api/auth/device", "/api/auth/device/token", "/manifest.webmanifest", "/sw.js",
                                "/icons/**", "/webjars/**", "/integrations/slack/events",
                                "/integrations/stripe/events", "/unsubscribe/*", "/claim", "/api/auth/account-claim")
                        .permitAll()
                        .anyRequest().authenticated())
                .securityContext(context -> context.securityContextRepository(contexts))
                // The token lives in a cookie scripts can read and comes back in a header or form field. It is not
                // masked per response (BREACH): Custos does not compress responses, and an unmasked token is the
                // same in the cookie, the header and the form, which keeps API clients simple.
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        // /mcp and /v1 act only for API keys (a browser's sign-in is refused there), so no cookie
                        // can be ridden: without a key they answer 401, not a CSRF refusal.
                        .ignoringRequestMatchers(BearerTokenFilter::carriesBearer, mcp, gateway, slackEvents,
                                processorEvents, unsubscribe))
                .addFilterBefore(new BearerTokenFilter(apiKeys, json), UsernamePasswordAuthenticationFilter.class)
                .formLogin(form -> form.loginPage("/signin").loginProcessingUrl("/signin")
                        .usernameParameter("email").successHandler(secondFactor)
                        .failureHandler((request, response, e) -> {
                            throttle.record(String.valueOf(request.getParameter("email")), request.getRemoteAddr(),
                                    false);
                            response.sendRedirect(request.getContextPath() + "/signin?error");
                        }))
                .addFilterBefore(new SignInPageThrottle(throttle), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new SessionLifetime(sessionLifetime, audit, clock),
                        AnonymousAuthenticationFilter.class)
                .addFilterBefore(rememberMe.filter(secondFactor),
                        AnonymousAuthenticationFilter.class)
                .logout(logout -> logout.addLogoutHandler((request, response, authentication) ->
                                rememberMe.forget(request, response)).logoutUrl("/signout").logoutSuccessUrl("/signin?signedout")
                        .deleteCookies("CUSTOS_SESSION"))
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor(apiUnauthenticated, api)
                        .defaultAuthenticationEntryPointFor(pageUnauthenticated, request -> true)
                        .defaultAccessDeniedHandlerFor(apiDenied, api))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        sso.configure(http);
        return http.build();
    }
}
