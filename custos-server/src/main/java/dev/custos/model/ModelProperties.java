package dev.custos.model;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Custos calls providers.
 *
 * @param timeout      how long to wait for a provider to start answering
 * @param maxAttempts  attempts per call when the provider is busy or down (429, 5xx, no answer), at least 1
 * @param firstBackoff the wait before the second attempt; each further wait doubles, with jitter
 * @param skipAfterFailures failures in a row (429, 5xx, no answer) after which routes pass a provider's model over
 * @param skipFor      how long they pass it over before trying it again
 */
@ConfigurationProperties("custos.models")
public record ModelProperties(
        @DefaultValue("60s") Duration timeout,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("500ms") Duration firstBackoff,
        @DefaultValue("3") int skipAfterFailures,
        @DefaultValue("30s") Duration skipFor) {
}
