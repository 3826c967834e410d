package dev.custos.identity;

import java.util.Optional;

/**
 * Resolves a bearer token to the actor it stands for. Implemented by the module that owns API keys; the security
 * filter chain of this module calls it for every request that carries {@code Authorization: Bearer}.
 */
public interface ApiKeyAuthenticator {

    /** The actor, or empty when the token is unknown, revoked or expired. */
    Optional<Actor> authenticate(String token);
}
