package dev.custos.identity.throttle;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Actor;
import dev.custos.platform.web.CustosException;
import dev.custos.platform.web.Problems;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rate limits on the API against bulk scraping (SC-07): a token bucket per API key, and per client address for
 * everything else, refilled continuously. Over the limit a request gets {@code 429} with {@code Retry-After};
 * the first refusal of a caller in a minute is audited. Buckets are kept per node, so N nodes allow up to N
 * times the limit in all — a bound on scraping, not an exact quota (quotas are metered in the database).
 */
@Component
class ApiRateLimit {

    private static final Duration IDLE = Duration.ofMinutes(10);

    private final int perKey;
    private final int perAddress;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    ApiRateLimit(@Value("${custos.api.rate-limit.per-key-per-minute:600}") int perKey,
                 @Value("${custos.api.rate-limit.per-address-per-minute:300}") int perAddress,
                 AuditLog audit, JsonMapper json, Clock clock) {
        this.perKey = perKey;
        this.perAddress = perAddress;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** Tokens refilled at {@code perMinute} a minute up to {@code perMinute}. */
    private static final class Bucket {
        private final int perMinute;
        private double tokens;
        private Instant updated;
        private Instant lastAudited = Instant.EPOCH;

        Bucket(int perMinute, Instant now) {
            this.perMinute = perMinute;
            this.tokens = perMinute;
            this.updated = now;
        }

        /** Takes a token, or says how long until one is there. */
        synchronized Duration take(Instant now) {
            double refill = Duration.between(updated, now).toNanos() / 60e9 * perMinute;
            tokens = Math.min(perMinute, tokens + refill);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) ((1 - tokens) / perMinute * 60e9));
        }

        synchronized boolean auditDue(Instant now) {
            if (lastAudited.plus(Duration.ofMinutes(1)).isAfter(now)) {
                return false;
            }
            lastAudited = now;
            return true;
        }
    }

    private static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI();
        return (path.startsWith("/api/") || path.startsWith("/v1/")) && !path.startsWith("/api/docs");
    }

    /**
     * Per client address, before anything else runs (sign-in, public endpoints, sessions); requests carrying an
     * API key are counted per key instead, once the key is known.
     */
    Filter perAddress() {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !isApi(request) || request.getHeader("Authorization") != null;
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                if (admit("address:" + request.getRemoteAddr(), perAddress, "address", request, response)) {
                    chain.doFilter(request, response);
                }
            }
        };
    }

    /** Per API key, after authentication has said which key it is. */
    Filter perKey() {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !isApi(request);
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                var authentication = SecurityContextHolder.getContext().getAuthentication();
                Actor.ApiKeyGrant key = authentication != null && authentication.getPrincipal() instanceof Actor actor
                        ? actor.apiKey() : null;
                if (key == null || admit("key:" + key.keyId(), perKey, "api_key:" + key.keyId(), request, response)) {
                    chain.doFilter(request, response);
                }
            }
        };
    }

    /** Takes a token for the caller, or answers 429 (audited once a minute per caller) and says no. */
    private boolean admit(String caller, int perMinute, String audited, HttpServletRequest request,
                          HttpServletResponse response) throws IOException {
        Instant now = clock.instant();
        Bucket bucket = buckets.computeIfAbsent(caller, c -> new Bucket(perMinute, now));
        Duration wait = bucket.take(now);
        if (wait.isZero()) {
            return true;
        }
        if (bucket.auditDue(now)) {
            audit.record(AuditEvent.installation(null, "misuse.rate_limited").with("caller", audited)
                    .outcome(AuditEvent.Outcome.DENIED));
        }
        response.setHeader("Retry-After", String.valueOf(CustosException.wholeSeconds(wait)));
        Problems.write(request, response, json, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "Too many requests; slow down and retry after the time in Retry-After."));
        return false;
    }

    @Scheduled(fixedDelay = 60_000)
    void forgetIdleCallers() {
        Instant cutoff = clock.instant().minus(IDLE);
        buckets.values().removeIf(bucket -> {
            synchronized (bucket) {
                return bucket.updated.isBefore(cutoff);
            }
        });
    }
}
