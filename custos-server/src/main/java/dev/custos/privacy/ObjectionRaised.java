package dev.custos.privacy;

import dev.custos.platform.PersonId;

/**
 * A person objected to a processing purpose; published inside the transaction that records it, so the module
 * doing that processing stops and deletes what it holds in the same commit.
 */
public record ObjectionRaised(PersonId person, Objections.Purpose purpose) {
}
