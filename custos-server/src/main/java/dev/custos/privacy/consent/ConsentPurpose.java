package dev.custos.privacy.consent;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.custos.platform.web.CustosException;

/**
 * What a person may consent to. None is on until given. {@code SALE_SHARING} exists so that an opt-out (the
 * Global Privacy Control signal among them) is recorded even though Custos sells and shares nothing.
 */
public enum ConsentPurpose {
    MARKETING_EMAIL, PRODUCT_ANALYTICS, ANALYTICS_COOKIES, PREFERENCE_COOKIES, SALE_SHARING;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ConsentPurpose of(String key) {
        for (ConsentPurpose purpose : values()) {
            if (purpose.key().equals(key)) {
                return purpose;
            }
        }
        throw CustosException.invalid("unknown-purpose", "purpose must be one of marketing_email, "
                + "product_analytics, analytics_cookies, preference_cookies, sale_sharing.");
    }
}
