package dev.custos.privacy.consent;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.privacy.CookieConsent;
import dev.custos.privacy.SiteCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The cookie banner's buttons, the cookie preferences panel, and the one preference a cookie remembers today:
 * the appearance (light, dark, or the system's). Without consent to preference cookies, the appearance follows
 * the system and the panel says why the choice was not kept.
 */
@Controller
class CookiePages {

    private static final Set<String> THEMES = Set.of("light", "dark");

    private final CookieConsent consent;

    CookiePages(CookieConsent consent) {
        this.consent = consent;
    }

    @GetMapping("/privacy/cookies")
    String panel(Model model) {
        model.addAttribute("cookies", SiteCookie.values());
        return "privacy/cookies";
    }

    /** A choice from the banner or the panel; back to where the person was, on this site only. */
    @PostMapping("/privacy/cookies")
    String decide(@RequestParam(defaultValue = "false") boolean preferences,
                  @RequestParam(defaultValue = "false") boolean analytics,
                  @RequestParam(defaultValue = "settings") String source, @RequestParam(defaultValue = "") String returnTo,
                  HttpServletRequest request, HttpServletResponse response) {
        consent.decide(request, response, preferences, analytics, source.equals("banner") ? "banner" : "settings");
        return "redirect:" + (sameSite(returnTo) ? returnTo : "/privacy/cookies?saved");
    }

    @PostMapping("/preferences/theme")
    String theme(@RequestParam(defaultValue = "") String theme, @RequestParam(defaultValue = "") String returnTo,
                 HttpServletRequest request, HttpServletResponse response) {
        String back = sameSite(returnTo) ? returnTo : "/";
        if (!THEMES.contains(theme)) {
            // "system": nothing to remember; whatever was remembered goes.
            consent.forget(request, response, SiteCookie.THEME);
            return "redirect:" + back;
        }
        if (!consent.set(request, response, SiteCookie.THEME, theme)) {
            return "redirect:/privacy/cookies?themeNotKept";
        }
        return "redirect:" + back;
    }

    /** A path on this site: a redirect elsewhere would make these forms an open redirect. */
    private static boolean sameSite(String path) {
        return path.startsWith("/") && !path.startsWith("//") && !path.contains("\\") && !path.contains("\r")
                && !path.contains("\n");
    }
}
