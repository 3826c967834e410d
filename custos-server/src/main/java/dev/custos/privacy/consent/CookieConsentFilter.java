package dev.custos.privacy.consent;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import dev.custos.privacy.CookieConsent;
import dev.custos.privacy.SiteCookie;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The last word on cookies (ID-08): every {@code Set-Cookie} of every response passes here, whoever writes it
 * (Spring Session, Spring Security, Custos's own code, a library). A cookie not in {@link SiteCookie} is dropped;
 * a non-essential one is dropped unless the device's choice allows its category; deleting a cookie is always
 * allowed, so a withdrawal always works. It runs first, around everything else, so nothing writes past it.
 */
public class CookieConsentFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CookieConsentFilter.class);

    private final CookieConsent consent;
    private final String sessionCookieName;

    /** {@code sessionCookieName}: the session cookie as configured, which may differ from the registry's name. */
    public CookieConsentFilter(CookieConsent consent, String sessionCookieName) {
        this.consent = consent;
        this.sessionCookieName = sessionCookieName;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new ConsentedCookies(request, response));
    }

    /** Whether this Set-Cookie value may leave: registered, and essential, consented to, or a deletion. */
    public boolean mayLeave(HttpServletRequest request, String setCookie) {
        int equals = setCookie.indexOf('=');
        String name = (equals < 0 ? setCookie : setCookie.substring(0, equals)).strip();
        var cookie = name.equals(sessionCookieName) ? Optional.of(SiteCookie.SESSION) : SiteCookie.named(name);
        if (cookie.isEmpty()) {
            log.warn("Dropped a cookie that is not in the cookie registry: {}", name);
            return false;
        }
        if (cookie.get().category() == SiteCookie.Category.ESSENTIAL || deletes(setCookie)) {
            return true;
        }
        boolean allowed = consent.allows(request, cookie.get().category());
        if (!allowed) {
            log.debug("Dropped {}: no consent to {} cookies on this device", name, cookie.get().category().key());
        }
        return allowed;
    }

    private static boolean deletes(String setCookie) {
        String lower = setCookie.toLowerCase(Locale.ROOT).replace(" ", "");
        return lower.contains(";max-age=0") || lower.contains("expires=thu,01jan197");
    }

    private final class ConsentedCookies extends HttpServletResponseWrapper {

        private final HttpServletRequest request;

        ConsentedCookies(HttpServletRequest request, HttpServletResponse response) {
            super(response);
            this.request = request;
        }

        @Override
        public void addCookie(Cookie cookie) {
            String asHeader = cookie.getName() + "=" + cookie.getValue()
                    + (cookie.getMaxAge() == 0 ? "; Max-Age=0" : "");
            if (mayLeave(request, asHeader)) {
                super.addCookie(cookie);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!"Set-Cookie".equalsIgnoreCase(name) || mayLeave(request, value)) {
                super.addHeader(name, value);
            }
        }

        @Override
        public void setHeader(String name, String value) {
            if (!"Set-Cookie".equalsIgnoreCase(name) || mayLeave(request, value)) {
                super.setHeader(name, value);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        /** Ahead of Spring Session and Spring Security, whose cookies pass through it too. */
        @Bean
        FilterRegistrationBean<CookieConsentFilter> cookieConsentFilter(CookieConsent consent,
                @Value("${server.servlet.session.cookie.name:CUSTOS_SESSION}")
                String sessionCookieName) {
            var registration = new FilterRegistrationBean<>(new CookieConsentFilter(consent, sessionCookieName));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
            registration.addUrlPatterns("/*");
            return registration;
        }
    }
}
