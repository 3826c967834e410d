package dev.custos.billing;

import java.net.URI;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.usage.Metering;
import dev.custos.usage.Plans;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A workspace's billing page, for its owner and admins on an installation that bills: the plan and where it
 * stands, this month's usage against the plan's limits, the card (brand and last four), the plans on offer with a
 * checkout on the processor's page, the processor's portal, and the invoices.
 */
@Controller
class BillingPages {

    private final Subscriptions subscriptions;
    private final BillingAccounts accounts;
    private final Plans plans;
    private final Metering metering;
    private final Workspaces workspaces;
    private final java.time.Clock clock;
    private final URI baseUrl;

    BillingPages(Subscriptions subscriptions, BillingAccounts accounts, Plans plans, Metering metering,
                 Workspaces workspaces, java.time.Clock clock, @Value("${custos.identity.base-url}") URI baseUrl) {
        this.subscriptions = subscriptions;
        this.accounts = accounts;
        this.plans = plans;
        this.metering = metering;
        this.workspaces = workspaces;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    @GetMapping("/workspaces/{workspaceId}/billing")
    String page(Actor actor, @PathVariable UUID workspaceId, @RequestParam(required = false) String checkout,
                Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("current", plans.of(access.workspace()));
        model.addAttribute("offered", plans.offered());
        model.addAttribute("account", accounts.of(access.workspace()).orElse(null));
        model.addAttribute("used", metering.monthTotals(access.workspace(),
                YearMonth.now(clock.withZone(ZoneOffset.UTC))));
        List<PaymentProcessor.Invoice> invoices;
        try {
            invoices = subscriptions.invoices(access);
        } catch (CustosException e) {
            invoices = List.of();
            model.addAttribute("error", e.getMessage());
        }
        model.addAttribute("invoices", invoices);
        if ("complete".equals(checkout)) {
            model.addAttribute("notice", "Thank you: the plan starts as soon as the payment processor confirms it.");
        } else if ("cancelled".equals(checkout)) {
            model.addAttribute("notice", "The checkout was cancelled; nothing was charged.");
        }
        return "billing/billing";
    }

    // Links, not redirects, to the processor's pages: the page's policy sends forms only to Custos itself, so a
    // redirect after the form would be blocked on its way.
    @PostMapping("/workspaces/{workspaceId}/billing/checkout")
    String checkout(Actor actor, @PathVariable UUID workspaceId, @RequestParam(defaultValue = "") String plan,
                    Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        try {
            model.addAttribute("processorUrl", subscriptions.checkout(access, plan, workspaces.get(access).name(),
                    returnTo(workspaceId)).toString());
            model.addAttribute("processorPage", "Continue to the payment page");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return page(actor, workspaceId, null, model);
    }

    @PostMapping("/workspaces/{workspaceId}/billing/portal")
    String portal(Actor actor, @PathVariable UUID workspaceId, Model model) {
        try {
            model.addAttribute("processorUrl", subscriptions.portal(access(actor, workspaceId), returnTo(workspaceId))
                    .toString());
            model.addAttribute("processorPage", "Continue to the payment processor's page");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return page(actor, workspaceId, null, model);
    }

    private URI returnTo(UUID workspaceId) {
        return baseUrl.resolve("/workspaces/" + workspaceId + "/billing");
    }

    private WorkspaceAccess access(Actor actor, UUID workspaceId) {
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        access.require(Permission.MANAGE_WORKSPACE);
        subscriptions.processor();
        return access;
    }
}
