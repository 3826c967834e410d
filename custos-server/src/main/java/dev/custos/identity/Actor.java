package dev.custos.identity;

import java.io.Serializable;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.custos.identity.signin.CurrentActorResolver;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is making the current request: a person signed in with a session, or a person's API key, which is bound to
 * one workspace and limited to its scopes. Controllers take it as a parameter.
 */
public record Actor(PersonId person, @Nullable ApiKeyGrant apiKey) implements Serializable {

    /** What an API key allows: one workspace, some scopes. */
    public record ApiKeyGrant(UUID keyId, WorkspaceId workspace, Set<String> scopes)
            implements Serializable {
    }

    public static Actor person(PersonId person) {
        return new Actor(person, null);
    }

    /** Whoever the current request is made by, if anyone is signed in or presented a key. */
    public static Optional<Actor> current() {
        try {
            return Optional.of(CurrentActorResolver.current(
                    SecurityContextHolder.getContext().getAuthentication()));
        } catch (InsufficientAuthenticationException e) {
            return Optional.empty();
        }
    }

    /**
     * Refuses with 403 when the request came with an API key: some things (changing an account, confirming a
     * password, exercising a right) are done by the person signed in, never by a script holding a key.
     *
     * @param what the action, as the start of a sentence ("Deleting an account")
     */
    public Actor requireSignedIn(String what) {
        if (apiKey != null) {
            throw CustosException.forbidden(what + " is done signed in, not with an API key.");
        }
        return this;
    }

    public boolean viaApiKey() {
        return apiKey != null;
    }
}
