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
import dev.custos.platform.ClusterSize;
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
 * the first refusal of a caller in a minute is audited. Buckets are kept in each node's memory, each holding its
 * share of the limit (the limit divided by the nodes sharing the database, {@link ClusterSize}): behind a load
 * balancer that spreads requests, the nodes together allow the limit, with no database round trip per request. A
 * bound on scraping, not an exact quota (quotas are metered in the database).
 */
@Component
class ApiRateLimit {

    private static final Duration IDLE = Duration.ofMinutes(10);

    private final int perKey;
    private final int perAddress;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;
    private final ClusterSize cluster;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    ApiRateLimit(@Value("${custos.api.rate-limit.per-key-per-minute:600}") int perKey,
                 @Value("${custos.api.rate-limit.per-address-per-minute:300}") int perAddress,
                 AuditLog audit, JsonMapper json, Clock clock, ClusterSize cluster) {
        this.cluster = cluster;
        this.perKey = perKey;
        this.perAddress = perAddress;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** Tokens refilled at the node's share of the limit a minute, up to that share. */
    private static final class Bucket {
        private double tokens;
        private Instant updated;
        private Instant lastAudited = Instant.EPOCH;

        Bucket(int share, Instant now) {
            this.tokens = share;
            this.updated = now;
        }

        /** Takes a token, or says how long until one is there; {@code share} is this node's part of the limit. */
        synchronized Duration take(Instant now, int share) {
            int perMinute = Math.max(1, share);
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
        int share = (int) Math.ceil((double) perMinute / cluster.nodes());
        Bucket bucket = buckets.computeIfAbsent(caller, c -> new Bucket(share, now));
        Duration wait = bucket.take(now, share);
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
