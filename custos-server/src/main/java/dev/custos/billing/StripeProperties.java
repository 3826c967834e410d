package dev.custos.billing;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Stripe, when {@code custos.billing.processor} is {@code stripe}.
 *
 * @param secretKey        the API secret key ({@code sk_...}); never logged
 * @param webhookSecret    the signing secret of the webhook endpoint {@code /integrations/stripe/events}
 * @param apiBase          Stripe's API (another only for a test double)
 * @param webhookTolerance how old a notification's signed timestamp may be: older ones are refused as replays
 * @param meters           the Stripe meters (their event names) usage is reported to, by Custos's counts:
 *                         {@code tokens}, {@code tool-calls}, {@code runs}; a count with none is not reported
 */
@ConfigurationProperties("custos.billing.stripe")
public record StripeProperties(@DefaultValue("") String secretKey, @DefaultValue("") String webhookSecret,
                               @DefaultValue("https://api.stripe.com") String apiBase,
                               @DefaultValue("5m") Duration webhookTolerance,
                               @DefaultValue({}) Map<String, String> meters) {

    @Override
    public String toString() {
        return "StripeProperties[apiBase=" + apiBase + ", webhookTolerance=" + webhookTolerance + "]";
    }
}
