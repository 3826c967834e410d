package dev.custos.privacy.consent;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.identity.Actor;
import dev.custos.platform.PersonId;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Honors the Global Privacy Control signal ({@code Sec-GPC: 1}) of a signed-in person as an opt-out of sale
 * and sharing, recorded as a consent record. A node remembers for a while whom it has recorded, so the signal
 * costs no query on every request.
 */
@Component
class GlobalPrivacyControl implements HandlerInterceptor, WebMvcConfigurer {

    private static final Duration REMEMBER = Duration.ofMinutes(10);

    private final Consents consents;
    private final Map<PersonId, Long> honored = new ConcurrentHashMap<>();

    GlobalPrivacyControl(Consents consents) {
        this.consents = consents;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"1".equals(request.getHeader("Sec-GPC"))) {
            return true;
        }
        PersonId person = Actor.current().map(Actor::person).orElse(null);
        if (person != null) {
            long now = System.nanoTime();
            Long last = honored.get(person);
            if (last == null || now - last > REMEMBER.toNanos()) {
                consents.honorGlobalPrivacyControl(person);
                honored.put(person, now);
            }
        }
        return true;
    }

    /** Forgets what it remembered for a person whose consent changed here, so a new opt-in meets the signal. */
    void forget(PersonId person) {
        honored.remove(person);
    }
}
