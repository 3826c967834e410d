package dev.custos.identity.signin;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.People;
import dev.custos.identity.Person;
import dev.custos.identity.factors.SecondFactorSignIn;
import dev.custos.platform.PersonId;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * "Remember me" (ID-07): a cookie apart from the session ({@code CUSTOS_REMEMBER}, series:token, 30 days) that
 * signs the person in again when their session has ended. Every use rotates the token; a series presented with
 * a token that is not its current one means a copy was stolen and used, so all of the person's tokens are
 * revoked and audited. Kept as hashes only; listed and revoked by the person; revoked by a password change.
 */
@Service
public class RememberMe {

    /** One remembered device, as its owner sees it; {@code id} is a digest of the series, not the cookie. */
    public record Remembered(String id, Instant createdAt, Instant lastUsedAt, Instant expiresAt) {
    }

    public static final String COOKIE = "CUSTOS_REMEMBER";
    static final Duration VALIDITY = Duration.ofDays(30);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final People people;
    private final AuditLog audit;
    private final Clock clock;

    RememberMe(JdbcClient jdbc, TransactionTemplate transactions, People people, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.people = people;
        this.audit = audit;
        this.clock = clock;
    }

    /** Remembers the person on this device: a new series and token, in its own cookie. */
    public void issue(PersonId person, HttpServletRequest request, HttpServletResponse response) {
        String series = Secrets.random(24);
        String token = Secrets.random(32);
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO remember_me_tokens (series_hash, person_id, token_hash, created_at, last_used_at, expires_at)
                VALUES (:series, :p, :token, :now, :now, :expires)""")
                .param("series", Secrets.sha256(series)).param("p", person.id()).param("token", Secrets.sha256(token))
                .param("now", SqlTime.of(now)).param("expires", SqlTime.of(now.plus(VALIDITY))).update();
        setCookie(series + ":" + token, VALIDITY, request, response);
    }

    public List<Remembered> list(PersonId person) {
        return jdbc.sql("""
                        SELECT series_hash, created_at, last_used_at, expires_at FROM remember_me_tokens
                        WHERE person_id = :p AND expires_at > :now ORDER BY last_used_at DESC""")
                .param("p", person.id()).param("now", SqlTime.of(clock.instant()))
                .query((rs, n) -> new Remembered(Secrets.sha256(rs.getString(1)).substring(0, 16),
                        SqlTime.instant(rs, "created_at"), SqlTime.instant(rs, "last_used_at"),
                        SqlTime.instant(rs, "expires_at")))
                .list();
    }

    public void revoke(PersonId person, String id) {
        List<String> series = id.length() != 16 ? List.of() : jdbc.sql(
                        "SELECT series_hash FROM remember_me_tokens WHERE person_id = :p")
                .param("p", person.id()).query(String.class).list().stream()
                .filter(hash -> Secrets.sha256(hash).startsWith(id)).toList();
        if (series.isEmpty()) {
            throw CustosException.notFound("Remembered device");
        }
        jdbc.sql("DELETE FROM remember_me_tokens WHERE series_hash = :s").param("s", series.getFirst()).update();
        audit.record(AuditEvent.installation(person, "auth.remember_me_revoked"));
    }

    /** Forgets every device of the person (a new password, an erasure). */
    public void revokeAll(PersonId person) {
        jdbc.sql("DELETE FROM remember_me_tokens WHERE person_id = :p").param("p", person.id()).update();
    }

    /** Ends this device's remembering (signing out): its token and its cookie go. */
    void forget(HttpServletRequest request, HttpServletResponse response) {
        presented(request).ifPresent(cookie -> jdbc.sql("DELETE FROM remember_me_tokens WHERE series_hash = :s")
                .param("s", Secrets.sha256(cookie[0])).update());
        setCookie("", Duration.ZERO, request, response);
    }

    /** Signs a person with a valid cookie and no session back in, rotating the token. */
    /** Set on a request whose remember-me cookie was refused (expired, revoked, copied): the answer says so. */
    static final String REFUSED = RememberMe.class.getName() + ".refused";

    OncePerRequestFilter filter(SecondFactorSignIn signIns) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                var current = SecurityContextHolder.getContext().getAuthentication();
                if ((current == null || !current.isAuthenticated()
                        || current.getPrincipal() instanceof String) && presented(request).isPresent()) {
                    resume(presented(request).orElseThrow(), request, response, signIns);
                }
                chain.doFilter(request, response);
            }
        };
    }

    private void resume(String[] cookie, HttpServletRequest request, HttpServletResponse response,
                        SecondFactorSignIn signIns) {
        Instant now = clock.instant();
        String newToken = Secrets.random(32);
        record Found(PersonId person, String tokenHash, Instant expiresAt) {
        }
        String[] refusal = {null};
        Optional<PersonId> resumed = transactions.execute(status -> {
            Optional<Found> found = jdbc.sql("""
                            SELECT person_id, token_hash, expires_at FROM remember_me_tokens
                            WHERE series_hash = :s FOR UPDATE""").param("s", Secrets.sha256(cookie[0]))
                    .query((rs, n) -> new Found(new PersonId(rs.getObject(1, UUID.class)), rs.getString(2),
                            SqlTime.instant(rs, "expires_at"))).optional();
            if (found.isEmpty() || found.get().expiresAt().isBefore(now)) {
                refusal[0] = found.isEmpty() ? "unknown_or_revoked" : "expired";
                return Optional.<PersonId>empty();
            }
            PersonId person = found.get().person();
            if (!found.get().tokenHash().equals(Secrets.sha256(cookie[1]))) {
                // The series is known but its token moved on: someone else used a copy of this cookie.
                revokeAll(person);
                audit.record(AuditEvent.installation(person, "auth.remember_me_theft")
                        .outcome(AuditEvent.Outcome.DENIED));
                refusal[0] = "stolen_copy";
                return Optional.<PersonId>empty();
            }
            if (people.find(person).map(Person::disabled).orElse(true)) {
                refusal[0] = "account_disabled";
                return Optional.<PersonId>empty();
            }
            jdbc.sql("UPDATE remember_me_tokens SET token_hash = :t, last_used_at = :now WHERE series_hash = :s")
                    .param("t", Secrets.sha256(newToken)).param("now", SqlTime.of(now))
                    .param("s", Secrets.sha256(cookie[0])).update();
            return Optional.of(person);
        });
        if (resumed == null || resumed.isEmpty()) {
            setCookie("", Duration.ZERO, request, response);
            String reason = refusal[0] == null ? "unknown_or_revoked" : refusal[0];
            if (!reason.equals("stolen_copy")) { // audited above, with the person it concerns
                audit.record(AuditEvent.installation(null, "auth.sign_in").outcome(AuditEvent.Outcome.FAILURE)
                        .with("method", "remember_me").with("reason", reason));
            }
            request.setAttribute(REFUSED, reason); // so the answer can say why this device is signed out
            return;
        }
        signIns.signIn(resumed.get(), request, response);
        setCookie(cookie[0] + ":" + newToken, VALIDITY, request, response);
        audit.record(AuditEvent.installation(resumed.get(), "auth.sign_in").with("method", "remember_me"));
    }

    private static Optional<String[]> presented(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return Optional.empty();
        }
        for (Cookie cookie : request.getCookies()) {
            if (cookie.getName().equals(COOKIE) && cookie.getValue().contains(":")) {
                String[] parts = cookie.getValue().split(":", 2);
                return parts[0].isEmpty() || parts[1].isEmpty() ? Optional.empty() : Optional.of(parts);
            }
        }
        return Optional.empty();
    }

    private static void setCookie(String value, Duration maxAge, HttpServletRequest request,
                                  HttpServletResponse response) {
        response.addHeader("Set-Cookie", ResponseCookie.from(COOKIE, value).httpOnly(true).secure(request.isSecure())
                .sameSite("Lax").path("/").maxAge(maxAge).build().toString());
    }
}
