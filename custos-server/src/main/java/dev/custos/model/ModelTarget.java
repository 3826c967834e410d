package dev.custos.model;

import java.util.UUID;

/** A provider's model: where one attempt of a call goes, and the only key routing telemetry has (AI-09). */
public record ModelTarget(UUID providerId, String model) {
}
