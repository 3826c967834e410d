package dev.custos.identity.signin;

import java.util.List;

import dev.custos.identity.Actor;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A request authenticated by an API key: stateless, never stored in a session. */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final Actor actor;

    ApiKeyAuthentication(Actor actor) {
        super(List.of());
        this.actor = actor;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Actor getPrincipal() {
        return actor;
    }

    @Override
    public String getName() {
        return actor.person().toString();
    }
}
