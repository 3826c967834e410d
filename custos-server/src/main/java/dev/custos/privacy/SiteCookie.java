package dev.custos.privacy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.custos.privacy.consent.CookieConsentFilter;
import org.jspecify.annotations.Nullable;

/**
 * Every cookie Custos sets, with its category, purpose and lifetime (ID-08). A cookie not listed here is never
 * set: {@link CookieConsentFilter} drops it. Only essential ones are set without consent; the cookie policy on
 * {@code /privacy} and the preferences panel list this registry, so what people read is what the code does.
 */
public enum SiteCookie {

    SESSION("CUSTOS_SESSION", Category.ESSENTIAL, "Keeps you signed in; ends after 30 minutes without activity.",
            null),
    CSRF("XSRF-TOKEN", Category.ESSENTIAL, "Protects your forms and API calls against cross-site request forgery.",
            null),
    REMEMBER_ME("CUSTOS_REMEMBER", Category.ESSENTIAL,
            "Keeps this device signed in, only when you ask for it at sign-in; you can revoke it.", Duration.ofDays(30)),
    CHOICES("CUSTOS_COOKIES", Category.ESSENTIAL,
            "Remembers the cookie choices you made here, so you are not asked again.", Duration.ofDays(180)),
    THEME("CUSTOS_THEME", Category.PREFERENCES, "Remembers whether you chose a light or dark appearance.",
            Duration.ofDays(365)),
    VISITOR("CUSTOS_VISITOR", Category.ANALYTICS,
            "A random identifier that lets Custos count which pages are used, how often and by how many people. "
                    + "It holds nothing about you and is deleted when you withdraw consent.", Duration.ofDays(365));

    /** Why a cookie is set; only {@link #ESSENTIAL} ones need no consent. */
    public enum Category {
        ESSENTIAL, PREFERENCES, ANALYTICS;

        @JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String cookieName;
    private final Category category;
    private final String purpose;
    private final @Nullable Duration lifetime;

    SiteCookie(String cookieName, Category category, String purpose, @Nullable Duration lifetime) {
        this.cookieName = cookieName;
        this.category = category;
        this.purpose = purpose;
        this.lifetime = lifetime;
    }

    public String cookieName() {
        return cookieName;
    }

    public Category category() {
        return category;
    }

    public String purpose() {
        return purpose;
    }

    /** How long it lasts; null for one that ends with the browser session. */
    public @Nullable Duration lifetime() {
        return lifetime;
    }

    /** The lifetime in words, for the policy and the panel. */
    public String lifetimeText() {
        return lifetime == null ? "until the browser closes" : lifetime.toDays() + " days";
    }

    public static Optional<SiteCookie> named(String name) {
        return Arrays.stream(values()).filter(cookie -> cookie.cookieName.equals(name)).findFirst();
    }
}
