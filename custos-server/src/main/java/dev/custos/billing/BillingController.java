package dev.custos.billing;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.usage.Plan;
import dev.custos.usage.Plans;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A workspace's plan and card, buying a plan, and the processor's webhook. With billing off the workspace routes
 * answer 404 {@code billing-off}.
 */
@RestController
class BillingController {

    record CheckoutRequest(@NotBlank @Size(max = 40) String plan) {
    }

    private final Subscriptions subscriptions;
    private final BillingAccounts accounts;
    private final Plans plans;
    private final Workspaces workspaces;
    private final AuditLog audit;
    private final URI baseUrl;
    private final AtomicLong lastRefusalAudited = new AtomicLong();

    BillingController(Subscriptions subscriptions, BillingAccounts accounts, Plans plans, Workspaces workspaces,
                      AuditLog audit, @Value("${custos.identity.base-url}") URI baseUrl) {
        this.subscriptions = subscriptions;
        this.accounts = accounts;
        this.plans = plans;
        this.workspaces = workspaces;
        this.audit = audit;
        this.baseUrl = baseUrl;
    }

    @GetMapping("/api/workspaces/{workspaceId}/billing")
    Map<String, Object> billing(Actor actor, @PathVariable UUID workspaceId) {
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        access.require(Permission.MANAGE_WORKSPACE);
        subscriptions.processor();
        Plans.WorkspacePlan current = plans.of(access.workspace());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("plan", current.plan().id());
        answer.put("standing", current.standing().key());
        answer.put("trialEndsAt", current.trialEndsAt());
        answer.put("graceEndsAt", current.graceEndsAt());
        accounts.of(access.workspace()).filter(account -> account.cardLast4() != null).ifPresent(account ->
                answer.put("card", Map.of("brand", account.cardBrand(), "last4", account.cardLast4())));
        answer.put("plans", plans.offered().stream().map(BillingController::offer).toList());
        return answer;
    }

    private static Map<String, Object> offer(Plan plan) {
        Map<String, Object> offer = new LinkedHashMap<>();
        offer.put("id", plan.id());
        offer.put("name", plan.name());
        offer.put("monthlyPriceMinor", plan.monthlyPriceMinor());
        offer.put("currency", plan.currency());
        offer.put("trialDays", plan.trialDays());
        offer.put("features", plan.features().stream().map(feature -> feature.key()).sorted().toList());
        offer.put("seats", plan.seats());
        offer.put("monthlyTokens", plan.monthlyTokens());
        offer.put("monthlyRuns", plan.monthlyRuns());
        offer.put("storageMegabytes", plan.storageMegabytes());
        return offer;
    }

    @PostMapping("/api/workspaces/{workspaceId}/billing/checkout")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, String> checkout(Actor actor, @PathVariable UUID workspaceId,
                                 @Valid @RequestBody CheckoutRequest request) {
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        String name = workspaces.get(access).name();
        URI url = subscriptions.checkout(access, request.plan(), name,
                baseUrl.resolve("/workspaces/" + workspaceId + "/billing"));
        return Map.of("url", url.toString());
    }

    @GetMapping("/api/workspaces/{workspaceId}/billing/invoices")
    List<PaymentProcessor.Invoice> invoices(Actor actor, @PathVariable UUID workspaceId) {
        return subscriptions.invoices(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }

    @PostMapping("/api/workspaces/{workspaceId}/billing/portal")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, String> portal(Actor actor, @PathVariable UUID workspaceId) {
        return Map.of("url", subscriptions.portal(workspaces.access(actor, new WorkspaceId(workspaceId)),
                baseUrl.resolve("/workspaces/" + workspaceId + "/billing")).toString());
    }

    /** Stripe's webhook: 400 for a notification whose signature or age does not check out, audited. */
    @PostMapping("/integrations/stripe/events")
    ResponseEntity<Map<String, Object>> events(@RequestBody String payload,
                                               @RequestHeader(name = "Stripe-Signature", required = false)
                                               @Nullable String signature) {
        PaymentProcessor processor = subscriptions.processor();
        boolean known;
        try {
            known = subscriptions.handle(processor.verify(payload, signature));
        } catch (PaymentProcessor.EventRefused e) {
            // Audited once a minute at most: anyone can post here, and a flood must not fill the audit log.
            long now = System.currentTimeMillis();
            long last = lastRefusalAudited.get();
            if (now - last >= 60_000 && lastRefusalAudited.compareAndSet(last, now)) {
                audit.record(AuditEvent.installation(null, "billing.event_refused").with("reason", e.getMessage()));
            }
            throw CustosException.invalid("event-refused", "The notification's signature or timestamp does not "
                    + "check out.");
        }
        return ResponseEntity.ok(Map.of("received", true, "handled", known));
    }
}
