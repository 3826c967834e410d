package dev.custos.privacy.consent;

import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import dev.custos.privacy.CookieConsent;
import dev.custos.privacy.SiteCookie;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cookie consent through the API, for this device (ID-08): the cookies there are and the choice in force, and a
 * new choice. Works signed in or not; signed in, the choice is a consent record too.
 */
@RestController
class CookieController {

    private final CookieConsent consent;

    CookieController(CookieConsent consent) {
        this.consent = consent;
    }

    /** One cookie of the registry, as the policy lists it. */
    record Listed(String name, SiteCookie.Category category, String purpose, String lasts) {
    }

    record CookieSettings(CookieConsent.Choice choice, String noticeVersion, List<Listed> cookies) {
    }

    record CookieDecision(@NotNull Boolean preferences, @NotNull Boolean analytics) {
    }

    @GetMapping("/api/privacy/cookies")
    CookieSettings settings(HttpServletRequest request) {
        return new CookieSettings(consent.choice(request), CookieConsent.NOTICE_VERSION, Arrays.stream(SiteCookie.values())
                .map(c -> new Listed(c.cookieName(), c.category(), c.purpose(), c.lifetimeText())).toList());
    }

    @PutMapping("/api/privacy/cookies")
    CookieConsent.Choice decide(@Valid @RequestBody CookieDecision decision, HttpServletRequest request,
                                HttpServletResponse response) {
        return consent.decide(request, response, decision.preferences(), decision.analytics(), "api");
    }
}
