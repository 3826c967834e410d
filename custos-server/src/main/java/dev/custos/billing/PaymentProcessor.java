package dev.custos.billing;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;

/**
 * A payment processor, as Custos uses one: customers, a hosted checkout (the card never reaches Custos), the
 * subscription's state, and signed event notifications. Stripe's is the one there is; another (Square) would
 * implement this too.
 */
public interface PaymentProcessor {

    /** The processor's key in records ({@code stripe}). */
    String name();

    /** Creates the workspace's customer; returns its id. Idempotent per workspace. */
    String createCustomer(WorkspaceId workspace, String workspaceName);

    /** A hosted checkout for the plan's price; returns where to send the person's browser. */
    URI checkout(WorkspaceId workspace, String customerId, String price, int trialDays, URI success, URI cancel);

    /** A page of the processor's where the customer changes card, plan or cancels; returns its address. */
    URI portal(String customerId, URI returnTo);

    /** The customer's invoices, newest first (the processor's first page of them). */
    List<Invoice> invoices(String customerId);

    /**
     * Reports usage to the processor's usage-based billing. The processor counts an identifier once, so sending the
     * same report again (after a crash or an outage) never bills twice.
     */
    void reportUsage(String customerId, String meter, long value, String identifier, Instant at);

    /** The subscription as the processor has it now. */
    Subscription subscription(String subscriptionId);

    /** A card's brand and last four digits, and nothing more. */
    Card card(String paymentMethodId);

    /**
     * The event in a notification, once its signature is verified against the shared secret and its timestamp is
     * within the tolerance; throws {@link EventRefused} otherwise.
     */
    Event verify(String payload, @Nullable String signature);

    record Subscription(String id, String customerId, String status, String price, @Nullable Instant trialEnd,
                        @Nullable String paymentMethod) {
    }

    record Card(String brand, String last4) {
    }

    /** An invoice as the processor issued it, with the addresses of its page and its PDF there. */
    record Invoice(String id, @Nullable String number, String status, long amountDueMinor, long amountPaidMinor,
                   String currency, Instant created, @Nullable String pdf, @Nullable String page) {
    }

    /**
     * A verified event: its id, type, when the processor created it, the customer and subscription it is about,
     * and, for a checkout, the workspace it was started for.
     */
    record Event(String id, String type, Instant created, @Nullable String customerId,
                 @Nullable String subscriptionId, @Nullable String workspaceReference, @Nullable Long amountPaid,
                 @Nullable String currency, @Nullable String invoiceId) {
    }

    /** A notification whose signature, or timestamp, does not check out. */
    final class EventRefused extends RuntimeException {
        public EventRefused(String reason) {
            super(reason);
        }
    }
}
