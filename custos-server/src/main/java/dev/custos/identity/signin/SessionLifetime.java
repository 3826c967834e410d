package dev.custos.identity.signin;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An absolute lifetime for a signed-in session (12 hours by default), on top of the 30-minute idle timeout: a
 * session kept alive by activity still ends, so a stolen session cookie is not good forever. The request then
 * goes on as nobody's (a remembered device may sign in again, by its own rotated token).
 */
class SessionLifetime extends OncePerRequestFilter {

    private final Duration lifetime;
    private final AuditLog audit;
    private final Clock clock;

    SessionLifetime(Duration lifetime, AuditLog audit, Clock clock) {
        this.lifetime = lifetime;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (session != null && authentication != null && authentication.getPrincipal() instanceof SignedInPerson person
                && Instant.ofEpochMilli(session.getCreationTime()).plus(lifetime).isBefore(clock.instant())) {
            session.invalidate();
            SecurityContextHolder.clearContext();
            audit.record(AuditEvent.installation(person.person(), "auth.session_expired")
                    .with("reason", "absolute_lifetime"));
        }
        chain.doFilter(request, response);
    }
}
