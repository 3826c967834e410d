package dev.custos.billing;

import java.net.URI;
import java.util.Locale;

import dev.custos.identity.People;
import dev.custos.platform.Mail;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.Workspaces;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What billing tells a workspace's owner by mail: a purchase confirmation for every payment (BL-03), and a move to
 * a lower plan, before anything would be affected by it.
 */
@Component
class BillingMail {

    private final Mail mail;
    private final People people;
    private final Workspaces workspaces;
    private final URI baseUrl;

    BillingMail(Mail mail, People people, Workspaces workspaces,
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
            this.mail.send(owner.email(), "Custos: payment received", """
                    Thank you: we received your payment of %s for your Custos workspace's plan.

                    The invoice, with its PDF, and all earlier ones are on the workspace's billing page:
                    %s/workspaces/%s/billing
                    """.formatted(amount, baseUrl, workspace));
        }
    }

    /** Tells the owners the workspace moved to a lower plan, and that nothing was deleted. */
    void downgraded(WorkspaceId workspace, String planName, String reason) {
        for (var owner : people.findAll(workspaces.owners(workspace))) {
            this.mail.send(owner.email(), "Custos: your workspace is now on the " + planName + " plan", """
                    Your Custos workspace moved to the %s plan: %s.

                    Nothing was deleted. What the %s plan does not include (or allows less of) is paused: existing
                    knowledge bases, connections and data stay, readable, exportable and deletable; new use waits
                    until the workspace is on a plan that includes it again. Choose a plan here:
                    %s/workspaces/%s/billing
                    """.formatted(planName, reason, planName, baseUrl, workspace));
        }
    }
}
