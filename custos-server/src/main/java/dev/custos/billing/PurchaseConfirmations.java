package dev.custos.billing;

import java.net.URI;
import java.util.Locale;

import dev.custos.identity.People;
import dev.custos.platform.Mail;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.Workspaces;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** A purchase confirmation to a workspace's owner for every payment the processor reports (BL-03). */
@Component
class PurchaseConfirmations {

    private final Mail mail;
    private final People people;
    private final Workspaces workspaces;
    private final URI baseUrl;

    PurchaseConfirmations(Mail mail, People people, Workspaces workspaces,
                          @Value("${custos.identity.base-url}") URI baseUrl) {
        this.mail = mail;
        this.people = people;
        this.workspaces = workspaces;
        this.baseUrl = baseUrl;
    }

    /** Mails the owners once the current transaction commits: the amount, and where the invoices are. */
    void paid(WorkspaceId workspace, long amountMinor, String currency) {
        String amount = String.format(Locale.ROOT, "%s %d.%02d", currency.toUpperCase(Locale.ROOT),
                amountMinor / 100, amountMinor % 100);
        for (var owner : people.findAll(workspaces.owners(workspace))) {
            mail.send(owner.email(), "Custos: payment received", """
                    Thank you: we received your payment of %s for your Custos workspace's plan.

                    The invoice, with its PDF, and all earlier ones are on the workspace's billing page:
                    %s/workspaces/%s/billing
                    """.formatted(amount, baseUrl, workspace));
        }
    }
}
