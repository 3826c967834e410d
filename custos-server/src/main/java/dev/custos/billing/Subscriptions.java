package dev.custos.billing;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.usage.Plan;
import dev.custos.usage.Plans;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Buying a plan and keeping a workspace's plan in step with the processor. The processor's events drive every
 * change; each is handled once by its id, and a subscription's state is read back from the processor rather than
 * taken from the event, so events arriving out of order (or late) leave the newest state (BL-04).
 */
@Service
public class Subscriptions {

    private final ObjectProvider<PaymentProcessor> processors;
    private final BillingAccounts accounts;
    private final Plans plans;
    private final Ledger ledger;
    private final Tenancy tenancy;
    private final AuditLog audit;
    private final Clock clock;
    private final BillingMail mail;

    Subscriptions(ObjectProvider<PaymentProcessor> processors, BillingAccounts accounts, Plans plans, Ledger ledger, Tenancy tenancy,
                  AuditLog audit, Clock clock, BillingMail mail) {
        this.mail = mail;
        this.processors = processors;
        this.accounts = accounts;
        this.plans = plans;
        this.ledger = ledger;
        this.tenancy = tenancy;
        this.audit = audit;
        this.clock = clock;
    }

    /** The processor; with none configured (billing off) there is nothing here: 404. */
    PaymentProcessor processor() {
        PaymentProcessor processor = processors.getIfAvailable();
        if (processor == null) {
            throw new CustosException(HttpStatus.NOT_FOUND, "billing-off", "This installation does not bill.");
        }
        return processor;
    }

    /** Starts a checkout for a paid plan; the card is entered on the processor's page. Owners and admins. */
    public URI checkout(WorkspaceAccess access, String planId, String workspaceName, URI returnTo) {
        access.require(Permission.MANAGE_WORKSPACE);
        PaymentProcessor processor = processor();
        Plan plan = plans.plan(planId).filter(Plan::paid).orElseThrow(() -> CustosException.invalid("unknown-plan",
                "plan must be one of the paid plans on offer.").with("param", "plan"));
        Optional<BillingAccounts.Account> account = accounts.of(access.workspace());
        if (plans.of(access.workspace()).bought() && account.map(a -> a.subscriptionId() != null).orElse(false)) {
            // A second subscription would bill twice: a plan bought is changed in the processor's portal.
            throw CustosException.conflict("already-subscribed", "This workspace already has a plan; change it "
                    + "(up or down) or cancel it in the payment processor's portal.");
        }
        String customer = account.map(BillingAccounts.Account::customerId).orElseGet(() -> {
            String created = processor.createCustomer(access.workspace(), workspaceName);
            accounts.create(access.workspace(), processor.name(), created);
            return created;
        });
        URI url = processor.checkout(access.workspace(), customer, plan.processorPrice(), plan.trialDays(),
                URI.create(returnTo + "?checkout=complete"), URI.create(returnTo + "?checkout=cancelled"));
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> audit.record(
                access.event("billing.checkout_started").with("plan", plan.id())));
        return url;
    }

    /**
     * Handles a verified event. Returns false for one about a customer Custos does not know (answered 200 all the
     * same, so the processor stops sending it).
     */
    public boolean handle(PaymentProcessor.Event event) {
        PaymentProcessor processor = processor();
        Optional<WorkspaceId> found = event.customerId() == null ? Optional.empty()
                : accounts.workspaceOf(processor.name(), event.customerId());
        if (found.isEmpty()) {
            return false;
        }
        WorkspaceId workspace = found.get();
        if (event.workspaceReference() != null && !event.workspaceReference().equals(workspace.toString())) {
            throw new PaymentProcessor.EventRefused("workspace");
        }
        // Read before the transaction: a processor that does not answer fails the delivery, which is retried.
        PaymentProcessor.Subscription subscription = event.subscriptionId() == null ? null
                : processor.subscription(event.subscriptionId());
        PaymentProcessor.Card card = subscription == null || subscription.paymentMethod() == null ? null
                : processor.card(subscription.paymentMethod());
        tenancy.inWorkspace(workspace, null, () -> {
            if (!accounts.firstTime(workspace, processor.name(), event)) {
                audit.record(AuditEvent.system(workspace, "billing.event_repeated").with("event", event.id()));
                return;
            }
            apply(processor, workspace, event, subscription, card);
            audit.record(AuditEvent.system(workspace, "billing.event_handled").with("event", event.id())
                    .with("type", event.type()));
        });
        return true;
    }

    private void apply(PaymentProcessor processor, WorkspaceId workspace, PaymentProcessor.Event event,
                       PaymentProcessor.@Nullable Subscription subscription, PaymentProcessor.@Nullable Card card) {
        if (event.type().equals("invoice.paid") && event.amountPaid() != null && event.amountPaid() > 0) {
            String currency = event.currency() == null ? "EUR" : event.currency().toUpperCase(Locale.ROOT);
            ledger.record(workspace, new Ledger.Entry(Ledger.Kind.CHARGE, event.amountPaid(), currency,
                    processor.name(), event.invoiceId() == null ? event.id() : event.invoiceId(), null,
                    "Subscription payment", event.created()));
            mail.paid(workspace, event.amountPaid(), currency);
        }
        if (subscription == null) {
            return;
        }
        accounts.subscribed(workspace, subscription.id(), card == null ? null : card.brand(),
                card == null ? null : card.last4());
        Optional<Plan> plan = plans.offered().stream().filter(offer -> subscription.price()
                .equals(offer.processorPrice())).findFirst();
        switch (subscription.status()) {
            case "active" -> plan.ifPresent(p -> plans.change(workspace, p, Plans.Standing.ACTIVE, null, null));
            case "trialing" -> plan.ifPresent(p -> plans.change(workspace, p, Plans.Standing.TRIALING,
                    subscription.trialEnd(), null));
            case "past_due", "unpaid" -> plan.ifPresent(p -> {
                var now = plans.of(workspace);
                // The grace runs from the first failure: a second failure in it does not extend it.
                var graceEnds = now.standing() == Plans.Standing.PAST_DUE && now.graceEndsAt() != null
                        ? now.graceEndsAt() : clock.instant().plus(plans.gracePeriod());
                plans.change(workspace, p, Plans.Standing.PAST_DUE, null, graceEnds);
            });
            case "canceled", "incomplete_expired" -> {
                plans.fallBack(workspace);
                mail.downgraded(workspace, plans.defaultPlan().name(), "the subscription ended");
                accounts.subscribed(workspace, null, null, null);
            }
            default -> {
                // incomplete: not paid yet; nothing changes until it is.
            }
        }
    }

    /** The workspace's invoices from the processor, with their PDFs; none before anything was bought. */
    public List<PaymentProcessor.Invoice> invoices(WorkspaceAccess access) {
        access.require(Permission.MANAGE_WORKSPACE);
        PaymentProcessor processor = processor();
        return accounts.of(access.workspace()).map(account -> processor.invoices(account.customerId()))
                .orElse(List.of());
    }

    /** The processor's customer portal (card, cancellation), for a workspace that bought a plan. */
    public URI portal(WorkspaceAccess access, URI returnTo) {
        access.require(Permission.MANAGE_WORKSPACE);
        PaymentProcessor processor = processor();
        String customer = accounts.of(access.workspace()).map(BillingAccounts.Account::customerId).orElseThrow(() ->
                CustosException.conflict("nothing-bought", "This workspace has not bought a plan yet."));
        return processor.portal(customer, returnTo);
    }

    /** Moves workspaces whose grace after a failed payment is over to the default plan. Nothing is deleted. */
    public int endGraces() {
        int ended = 0;
        for (WorkspaceId workspace : plans.pastGrace(clock.instant())) {
            tenancy.inWorkspace(workspace, null, () -> {
                plans.fallBack(workspace);
                audit.record(AuditEvent.system(workspace, "billing.downgraded").with("reason", "payment-failed"));
                mail.downgraded(workspace, plans.defaultPlan().name(),
                        "the payment failed and its grace period ended");
            });
            ended++;
        }
        return ended;
    }
}
