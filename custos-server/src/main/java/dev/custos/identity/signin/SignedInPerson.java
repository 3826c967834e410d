package dev.custos.identity.signin;

import java.util.Collection;
import java.util.List;

import dev.custos.platform.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The principal of a password sign-in. Its name is the person's opaque id, not their email, so the session
 * store's principal column holds no personal value; the hash is erased once the password has been checked.
 */
public final class SignedInPerson implements UserDetails, CredentialsContainer {

    private final PersonId person;
    private @Nullable String passwordHash;
    private final boolean disabled;

    public SignedInPerson(PersonId person, String passwordHash, boolean disabled) {
        this.person = person;
        this.passwordHash = passwordHash;
        this.disabled = disabled;
    }

    public PersonId person() {
        return person;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of();
    }

    @Override
    public @Nullable String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return person.toString();
    }

    @Override
    public boolean isEnabled() {
        return !disabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
