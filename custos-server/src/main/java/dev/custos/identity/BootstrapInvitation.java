package dev.custos.identity;

import java.io.PrintStream;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * On a fresh installation, issues the invitation the first person signs up with (who becomes its administrator)
 * and prints the link on the console. It is printed, not logged: log files are kept and shipped, and the code is
 * a credential. Each start revokes the previous unused link, so only the newest one works.
 */
@Component
class BootstrapInvitation implements ApplicationRunner {

    private final People people;
    private final Invitations invitations;
    private final PrintStream console;

    BootstrapInvitation(People people, Invitations invitations) {
        this.people = people;
        this.invitations = invitations;
        this.console = System.out;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!people.isEmpty()) {
            return;
        }
        invitations.revokeUnusedBootstrapInvitations();
        IssuedInvitation invitation = invitations.issue(null);
        console.printf("""

                ================================================================================
                 Custos is ready. Create the first account (the installation's administrator):

                   %s

                 This link works once, until %s.
                ================================================================================

                """, invitation.link(), invitation.expiresAt());
        console.flush();
    }
}
