package dev.custos.billing;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.stripe.StripeClient;
import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentMethod;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.billing.MeterEventCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Stripe, through its official Java client: Checkout in subscription mode, and webhooks checked by signature. */
@Component
@ConditionalOnProperty(name = "custos.billing.processor", havingValue = "stripe")
class StripeProcessor implements PaymentProcessor {

    private final StripeClient client;
    private final StripeProperties properties;
    private final Clock clock;

    StripeProcessor(StripeProperties properties, Clock clock) {
        if (properties.secretKey().isBlank() || properties.webhookSecret().isBlank()) {
            throw new IllegalStateException("custos.billing.stripe.secret-key and custos.billing.stripe.webhook-secret "
                    + "are required when custos.billing.processor is stripe");
        }
        this.properties = properties;
        this.clock = clock;
        // Retried requests carry the same idempotency key (the client adds one), so a retry never acts twice.
        this.client = StripeClient.builder().setApiKey(properties.secretKey()).setApiBase(properties.apiBase())
                .setMeterEventsBase(properties.apiBase()).setMaxNetworkRetries(2).setConnectTimeout(5_000)
                .setReadTimeout(20_000).build();
    }

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public String createCustomer(WorkspaceId workspace, String workspaceName) {
        // Only the workspace's name and id: nobody's email or name goes to the processor for a customer record.
        return call(() -> client.v1().customers().create(CustomerCreateParams.builder().setName(workspaceName)
                        .putMetadata("workspace", workspace.toString()).build(),
                RequestOptions.builder().setIdempotencyKey("custos-customer-" + workspace).build()).getId());
    }

    @Override
    public URI checkout(WorkspaceId workspace, String customerId, String price, int trialDays, URI success,
                        URI cancel) {
        var params = SessionCreateParams.builder().setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(customerId).setClientReferenceId(workspace.toString())
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
                .setSuccessUrl(success.toString()).setCancelUrl(cancel.toString());
        if (trialDays > 0) {
            params.setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
                    .setTrialPeriodDays((long) trialDays).build());
        }
        return URI.create(call(() -> client.v1().checkout().sessions().create(params.build()).getUrl()));
    }

    @Override
    public URI portal(String customerId, URI returnTo) {
        return URI.create(call(() -> client.v1().billingPortal().sessions().create(
                com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(customerId)
                        .setReturnUrl(returnTo.toString()).build()).getUrl()));
    }

    @Override
    public List<PaymentProcessor.Invoice> invoices(String customerId) {
        return call(() -> client.v1().invoices().list(InvoiceListParams.builder().setCustomer(customerId)
                .setLimit(100L).build())).getData().stream().map(invoice -> new PaymentProcessor.Invoice(
                invoice.getId(), invoice.getNumber(), invoice.getStatus(), invoice.getAmountDue(),
                invoice.getAmountPaid(), invoice.getCurrency().toUpperCase(Locale.ROOT),
                Instant.ofEpochSecond(invoice.getCreated()), invoice.getInvoicePdf(), invoice.getHostedInvoiceUrl()))
                .toList();
    }

    @Override
    public void reportUsage(String customerId, String meter, long value, String identifier, Instant at) {
        call(() -> client.v1().billing().meterEvents().create(MeterEventCreateParams.builder().setEventName(meter)
                .setIdentifier(identifier).putPayload("stripe_customer_id", customerId)
                .putPayload("value", Long.toString(value)).setTimestamp(at.getEpochSecond()).build()));
    }

    @Override
    public PaymentProcessor.Subscription subscription(String subscriptionId) {
        com.stripe.model.Subscription found = call(() -> client.v1().subscriptions().retrieve(subscriptionId));
        var item = found.getItems().getData().getFirst();
        return new PaymentProcessor.Subscription(found.getId(), found.getCustomer(), found.getStatus(),
                item.getPrice().getId(), found.getTrialEnd() == null ? null : Instant.ofEpochSecond(found.getTrialEnd()),
                found.getDefaultPaymentMethod());
    }

    @Override
    public Card card(String paymentMethodId) {
        PaymentMethod method = call(() -> client.v1().paymentMethods().retrieve(paymentMethodId));
        return new Card(method.getCard().getBrand(), method.getCard().getLast4());
    }

    @Override
    public Event verify(String payload, @Nullable String signature) {
        com.stripe.model.Event event;
        try {
            event = Webhook.constructEvent(payload, signature == null ? "" : signature, properties.webhookSecret(),
                    properties.webhookTolerance().toSeconds(), clock);
        } catch (SignatureVerificationException e) {
            throw new EventRefused("signature");
        } catch (RuntimeException e) {
            throw new EventRefused("malformed");
        }
        StripeObject data;
        try {
            data = event.getDataObjectDeserializer().deserializeUnsafe();
        } catch (EventDataObjectDeserializationException e) {
            throw new EventRefused("malformed");
        }
        Instant created = Instant.ofEpochSecond(event.getCreated());
        return switch (data) {
            case Session session -> new Event(event.getId(), event.getType(), created, session.getCustomer(),
                    session.getSubscription(), session.getClientReferenceId(), null, null, null);
            case com.stripe.model.Subscription subscription -> new Event(event.getId(), event.getType(), created,
                    subscription.getCustomer(), subscription.getId(), null, null, null, null);
            case com.stripe.model.Invoice invoice -> new Event(event.getId(), event.getType(), created, invoice.getCustomer(),
                    invoice.getParent() == null || invoice.getParent().getSubscriptionDetails() == null ? null
                            : invoice.getParent().getSubscriptionDetails().getSubscription(), null,
                    invoice.getAmountPaid(), invoice.getCurrency(), invoice.getId());
            default -> new Event(event.getId(), event.getType(), created, null, null, null, null, null, null);
        };
    }

    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    /** A call to Stripe; when it fails, the caller's request fails with 503 and Custos has written nothing. */
    private static <T> T call(StripeCall<T> call) {
        try {
            return call.run();
        } catch (StripeException e) {
            throw new CustosException(HttpStatus.SERVICE_UNAVAILABLE, "payment-processor-unavailable",
                    "The payment processor could not be reached or refused the request; nothing was changed. "
                            + "Try again later.");
        }
    }
}
