package dev.custos.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.identity.Actor;
import dev.custos.platform.PersonId;
import dev.custos.platform.Secrets;
import dev.custos.privacy.SiteCookie.Category;
import dev.custos.privacy.consent.ConsentPurpose;
import dev.custos.privacy.consent.Consents;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Service;

/**
 * Cookie consent (ID-08): which non-essential cookies a device may carry. A visitor's choice lives in the
 * essential {@code CUSTOS_COOKIES} cookie; a signed-in person's choice is also a consent record (privacy's record
 * store), and the records win, so withdrawing on one device or through the API holds on every device. The choice
 * names the version of the cookie list it was made for: when the list changes, people are asked again.
 */
@Service
public class CookieConsent {

    /** The version of the cookie notice: a digest of the registry, so adding or changing a cookie asks again. */
    public static final String NOTICE_VERSION = "cookies-" + Secrets.sha256(Arrays.stream(SiteCookie.values())
            .map(c -> c.cookieName() + "|" + c.category() + "|" + c.purpose() + "|" + c.lifetimeText())
            .collect(Collectors.joining("\n"))).substring(0, 8);

    private static final String CHOICE_ATTRIBUTE = CookieConsent.class.getName() + ".choice";

    /** A device's choice: whether one was made (for this notice version), and what it allows. */
    public record Choice(boolean made, boolean preferences, boolean analytics, @Nullable Instant decidedAt) {

        static final Choice NONE = new Choice(false, false, false, null);

        public boolean allows(Category category) {
            return switch (category) {
                case ESSENTIAL -> true;
                case PREFERENCES -> made && preferences;
                case ANALYTICS -> made && analytics;
            };
        }
    }

    /** Analytics cookies were withdrawn on a device that carried this visitor id: its counts are to be deleted. */
    public record AnalyticsCookiesWithdrawn(String visitorId) {
        @Override
        public String toString() {
            return "AnalyticsCookiesWithdrawn[redacted]";
        }
    }

    private final Consents consents;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CookieConsent(Consents consents, ApplicationEventPublisher events, Clock clock) {
        this.consents = consents;
        this.events = events;
        this.clock = clock;
    }

    /** The choice in force for this request, read once per request. */
    public Choice choice(HttpServletRequest request) {
        return resolve(request).choice();
    }

    /** The choice, and whether it came from a signed-in person's records (else from the device). */
    private record Resolved(Choice choice, @Nullable PersonId person, boolean fromRecords) {
    }

    private Resolved resolve(HttpServletRequest request) {
        if (request.getAttribute(CHOICE_ATTRIBUTE) instanceof Resolved known) {
            return known;
        }
        Choice device = fromCookie(request);
        PersonId person = Actor.current().filter(actor -> !actor.viaApiKey()).map(Actor::person).orElse(null);
        Choice recorded = person == null ? null : ofPerson(person);
        Resolved resolved = new Resolved(recorded == null ? device : recorded, person, recorded != null);
        request.setAttribute(CHOICE_ATTRIBUTE, resolved);
        return resolved;
    }

    public boolean allows(HttpServletRequest request, Category category) {
        return choice(request).allows(category);
    }

    /**
     * Records a choice made on this device: the choice cookie, a consent record for a signed-in person, and the
     * cookies of a withdrawn category deleted at once.
     */
    public Choice decide(HttpServletRequest request, HttpServletResponse response, boolean preferences,
                         boolean analytics, String source) {
        Resolved resolved = resolve(request);
        Choice after = new Choice(true, preferences, analytics, clock.instant());
        PersonId person = resolved.person();
        if (person != null) {
            // Against what is on record: a choice made before signing in was never recorded for this person.
            record(person, resolved.fromRecords() ? resolved.choice() : Choice.NONE, after, source);
        }
        write(request, response, after);
        if (!preferences) {
            delete(request, response, SiteCookie.THEME);
        }
        if (!analytics) {
            String visitor = value(request, SiteCookie.VISITOR);
            if (visitor != null) {
                events.publishEvent(new AnalyticsCookiesWithdrawn(visitor));
            }
            delete(request, response, SiteCookie.VISITOR);
        }
        request.setAttribute(CHOICE_ATTRIBUTE, new Resolved(after, person, person != null));
        return after;
    }

    /**
     * Sets a registered cookie with the attributes every Custos cookie has (HttpOnly, SameSite=Lax, Secure over
     * TLS). A non-essential one is set only with consent: returns whether it was.
     */
    public boolean set(HttpServletRequest request, HttpServletResponse response, SiteCookie cookie, String value) {
        if (!allows(request, cookie.category())) {
            return false;
        }
        var builder = ResponseCookie.from(cookie.cookieName(), value).httpOnly(true).secure(request.isSecure())
                .sameSite("Lax").path("/");
        if (cookie.lifetime() != null) {
            builder.maxAge(cookie.lifetime());
        }
        response.addHeader("Set-Cookie", builder.build().toString());
        return true;
    }

    /** The value a registered cookie has on this request, if it came with one. */
    public static @Nullable String value(HttpServletRequest request, SiteCookie cookie) {
        if (request.getCookies() == null) {
            return null;
        }
        for (Cookie candidate : request.getCookies()) {
            if (candidate.getName().equals(cookie.cookieName()) && !candidate.getValue().isEmpty()) {
                return candidate.getValue();
            }
        }
        return null;
    }

    /** A signed-in person's recorded choice; null when they never made one while signed in. */
    private @Nullable Choice ofPerson(PersonId person) {
        var states = consents.current(person);
        var preferences = states.stream().filter(s -> s.purpose() == ConsentPurpose.PREFERENCE_COOKIES).findFirst()
                .orElseThrow();
        var analytics = states.stream().filter(s -> s.purpose() == ConsentPurpose.ANALYTICS_COOKIES).findFirst()
                .orElseThrow();
        if (preferences.since() == null && analytics.since() == null) {
            return null;
        }
        boolean current = NOTICE_VERSION.equals(preferences.noticeVersion())
                || NOTICE_VERSION.equals(analytics.noticeVersion());
        return new Choice(current, preferences.given(), analytics.given(),
                latest(preferences.since(), analytics.since()));
    }

    private void record(PersonId person, Choice before, Choice after, String source) {
        // A record per purpose whose state changes, or that was never recorded for this notice version.
        boolean fresh = !before.made();
        if (fresh || before.preferences() != after.preferences()) {
            consents.decide(person, ConsentPurpose.PREFERENCE_COOKIES, after.preferences(), NOTICE_VERSION, source);
        }
        if (fresh || before.analytics() != after.analytics()) {
            consents.decide(person, ConsentPurpose.ANALYTICS_COOKIES, after.analytics(), NOTICE_VERSION, source);
        }
    }

    private static Choice fromCookie(HttpServletRequest request) {
        String raw = value(request, SiteCookie.CHOICES);
        if (raw == null) {
            return Choice.NONE;
        }
        // version.preferences.analytics.epochSeconds, e.g. cookies-1a2b3c4d.1.0.1764600000
        String[] parts = raw.split("\\.");
        if (parts.length != 4 || !parts[0].equals(NOTICE_VERSION)) {
            return Choice.NONE;
        }
        try {
            return new Choice(true, parts[1].equals("1"), parts[2].equals("1"),
                    Instant.ofEpochSecond(Long.parseLong(parts[3])));
        } catch (NumberFormatException e) {
            return Choice.NONE;
        }
    }

    private void write(HttpServletRequest request, HttpServletResponse response, Choice choice) {
        String value = NOTICE_VERSION + "." + (choice.preferences() ? 1 : 0) + "." + (choice.analytics() ? 1 : 0) + "."
                + (choice.decidedAt() == null ? clock.instant() : choice.decidedAt()).getEpochSecond();
        set(request, response, SiteCookie.CHOICES, value);
    }

    /**
     * Keeps a signed-in person's device and records in step, on every page they open: a choice made on this
     * device before signing in becomes their consent record; a recorded choice is copied onto a device that lacks
     * it or holds another (so pages stop asking, and a withdrawal elsewhere holds here).
     */
    public void reconcile(HttpServletRequest request, HttpServletResponse response) {
        Resolved resolved = resolve(request);
        Choice device = fromCookie(request);
        if (resolved.person() != null && !resolved.fromRecords() && device.made()) {
            record(resolved.person(), Choice.NONE, device, "banner");
            request.setAttribute(CHOICE_ATTRIBUTE, new Resolved(device, resolved.person(), true));
            return;
        }
        Choice choice = resolved.choice();
        if (choice.made() && (!device.made() || device.preferences() != choice.preferences()
                || device.analytics() != choice.analytics())) {
            write(request, response, choice);
            if (!choice.preferences()) {
                delete(request, response, SiteCookie.THEME);
            }
            if (!choice.analytics()) {
                delete(request, response, SiteCookie.VISITOR);
            }
        }
    }

    /** Deletes a registered cookie from this device, if it carries it. */
    public void forget(HttpServletRequest request, HttpServletResponse response, SiteCookie cookie) {
        delete(request, response, cookie);
    }

    private static void delete(HttpServletRequest request, HttpServletResponse response, SiteCookie cookie) {
        if (value(request, cookie) != null) {
            response.addHeader("Set-Cookie", ResponseCookie.from(cookie.cookieName(), "").httpOnly(true)
                    .secure(request.isSecure()).sameSite("Lax").path("/").maxAge(Duration.ZERO).build().toString());
        }
    }

    private static @Nullable Instant latest(@Nullable Instant a, @Nullable Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
