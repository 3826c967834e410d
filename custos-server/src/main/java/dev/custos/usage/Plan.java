package dev.custos.usage;

import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A plan the operator offers: its price per month (in the currency's minor unit), the processor's price it is sold
 * as, its trial, its features and its limits (null: none).
 *
 * @param processorPrice the payment processor's id of the plan's price ({@code price_...}); null for a free plan
 */
public record Plan(String id, String name, @DefaultValue("0") long monthlyPriceMinor,
                   @DefaultValue("EUR") String currency, @Nullable String processorPrice,
                   @DefaultValue("0") int trialDays, @DefaultValue({}) Set<Feature> features, @Nullable Long seats, @Nullable Long monthlyTokens,
                   @Nullable Long monthlyRuns, @Nullable Long storageMegabytes) {

    public Plan {
        features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
    }

    /** The plan of an installation that bills nobody: everything, no limits. */
    public static Plan unlimited() {
        return new Plan("unlimited", "Unlimited", 0, "EUR", null, 0, EnumSet.allOf(Feature.class), null, null,
                null, null);
    }

    public boolean includes(Feature feature) {
        return features.contains(feature);
    }

    public @Nullable Long limit(Limit limit) {
        return switch (limit) {
            case SEATS -> seats;
            case MONTHLY_TOKENS -> monthlyTokens;
            case MONTHLY_RUNS -> monthlyRuns;
            case STORAGE -> storageMegabytes == null ? null : storageMegabytes * 1024 * 1024;
        };
    }

    public boolean paid() {
        return monthlyPriceMinor > 0;
    }
}
