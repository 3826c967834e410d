package dev.custos.privacy;

/**
 * A sub-processor was engaged, changed or dropped; published by whoever manages it (the sub-processor registry,
 * the model provider registry) so that workspace owners are told.
 */
public record SubProcessorChange(String name, String change) {
}
