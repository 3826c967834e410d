package dev.custos.model;

/** A model a workspace may call, named {@code provider/model} as the /v1 endpoint lists it. */
public record ModelChoice(String id, ProviderEntry provider, String model) {
}
