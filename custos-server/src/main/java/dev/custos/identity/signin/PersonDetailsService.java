package dev.custos.identity.signin;

import dev.custos.identity.People;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Looks a person up by the email they sign in with. */
@Component
class PersonDetailsService implements UserDetailsService {

    private final People people;

    PersonDetailsService(People people) {
        this.people = people;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        return people.credentials(email.strip())
                .map(found -> new SignedInPerson(found.id(), found.passwordHash(), found.disabled()))
                .orElseThrow(() -> new UsernameNotFoundException("no account"));
    }
}
