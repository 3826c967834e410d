package dev.custos.identity.throttle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.platform.web.Problems;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses requests whose headers are larger than {@code custos.api.max-header-size} (16 KB) with 431, as
 * problem+json, before anything reads them, and audits it (once a minute per address: an attacker cannot flood
 * the audit log). Tomcat's own limit ({@code server.max-http-request-header-size}) sits above this one as the
 * backstop for what is too large to parse at all.
 */
class HeaderSizeLimit extends OncePerRequestFilter {

    private static final Duration AUDIT_EVERY = Duration.ofMinutes(1);
    private static final int MAX_REMEMBERED = 10_000;

    private final long maxBytes;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, Instant> lastAudited = Collections.synchronizedMap(new LinkedHashMap<>());

    HeaderSizeLimit(long maxBytes, AuditLog audit, JsonMapper json, Clock clock) {
        this.maxBytes = maxBytes;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long size = size(request);
        if (size <= maxBytes) {
            chain.doFilter(request, response);
            return;
        }
        if (auditDue(request.getRemoteAddr())) {
            audit.record(AuditEvent.installation(null, "http.request_refused").outcome(AuditEvent.Outcome.DENIED)
                    .with("reason", "headers_too_large").with("header_bytes", Long.toString(size)));
        }
        Problems.write(request, response, json, Problems.of(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large",
                "The request's headers are larger than " + maxBytes / 1024 + " KB; send fewer or smaller cookies "
                        + "and headers."));
    }

    /** Names and values in UTF-8, with the four bytes of ": " and the line end each header takes on the wire. */
    private static long size(HttpServletRequest request) {
        long size = 0;
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                size += name.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length + 4;
            }
        }
        return size;
    }

    private boolean auditDue(String address) {
        Instant now = clock.instant();
        synchronized (lastAudited) {
            Instant last = lastAudited.get(address);
            if (last != null && last.plus(AUDIT_EVERY).isAfter(now)) {
                return false;
            }
            if (lastAudited.size() >= MAX_REMEMBERED) {
                lastAudited.remove(lastAudited.keySet().iterator().next());
            }
            lastAudited.put(address, now);
            return true;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        /** Before the address rate limit and Spring Security: nothing reads an oversized request's headers. */
        @Bean
        FilterRegistrationBean<HeaderSizeLimit> headerSizeLimit(
                @Value("${custos.api.max-header-size:16KB}") DataSize maxHeaderSize, AuditLog audit, JsonMapper json,
                Clock clock) {
            var registration = new FilterRegistrationBean<>(new HeaderSizeLimit(maxHeaderSize.toBytes(), audit, json,
                    clock));
            registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 2);
            return registration;
        }
    }
}
