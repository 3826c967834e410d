package dev.custos.identity;

import java.time.Instant;
import java.util.UUID;

/** A freshly issued invitation: the code is shown this once and kept only as a hash. */
public record IssuedInvitation(UUID invitationId, String code, String link, Instant expiresAt) {
}
