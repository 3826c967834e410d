package dev.custos.fakes;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stripe's objects as its API (version {@value #API_VERSION}) writes them, and its webhook signature: the
 * {@code Stripe-Signature} header {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload" under the endpoint's
 * secret>}.
 */
final class StripeObjects {

    static final String API_VERSION = "2026-07-29.dahlia";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private StripeObjects() {
    }

    static ObjectNode object(String type, String id, long created) {
        ObjectNode node = JSON.createObjectNode().put("id", id).put("object", type).put("created", created)
                .put("livemode", false);
        node.putObject("metadata");
        return node;
    }

    static ObjectNode customer(String id, long created, String email, String name) {
        return object("customer", id, created).put("email", email).put("name", name);
    }

    static ObjectNode card(String id, long created, String customer, String brand, String last4) {
        ObjectNode method = object("payment_method", id, created).put("type", "card").put("customer", customer);
        method.putObject("card").put("brand", brand).put("last4", last4).put("exp_month", 12).put("exp_year", 2030)
                .put("funding", "credit").put("country", "DE");
        return method;
    }

    static ObjectNode subscription(String id, long created, String customer, String price, String status,
                                   long periodStart, long periodEnd, Long trialEnd, String paymentMethod) {
        ObjectNode subscription = object("subscription", id, created).put("customer", customer).put("status", status)
                .put("default_payment_method", paymentMethod).put("cancel_at_period_end", false)
                .put("currency", "eur");
        if (trialEnd == null) {
            subscription.putNull("trial_end");
        } else {
            subscription.put("trial_end", trialEnd);
        }
        ObjectNode items = subscription.putObject("items").put("object", "list").put("has_more", false)
                .put("url", "/v1/subscription_items?subscription=" + id);
        ObjectNode item = items.putArray("data").addObject().put("id", "si_" + id.substring(4))
                .put("object", "subscription_item").put("subscription", id).put("quantity", 1)
                .put("current_period_start", periodStart).put("current_period_end", periodEnd);
        item.putObject("price").put("id", price).put("object", "price").put("currency", "eur")
                .put("type", "recurring").put("livemode", false);
        return subscription;
    }

    static ObjectNode invoice(String id, long created, String customer, String subscription, String status,
                              long amount, long periodStart, long periodEnd, String base, String reason) {
        ObjectNode invoice = object("invoice", id, created).put("customer", customer).put("status", status)
                .put("currency", "eur").put("amount_due", amount).put("amount_paid", "paid".equals(status) ? amount : 0)
                .put("number", "CUSTOS-" + id.substring(3, 11).toUpperCase(java.util.Locale.ROOT))
                .put("period_start", periodStart).put("period_end", periodEnd).put("billing_reason", reason)
                .put("hosted_invoice_url", base + "/invoices/" + id)
                .put("invoice_pdf", base + "/invoices/" + id + "/pdf");
        invoice.putObject("parent").put("type", "subscription_details").putObject("subscription_details")
                .put("subscription", subscription);
        return invoice;
    }

    static String event(String id, long created, String type, ObjectNode data) {
        ObjectNode event = object("event", id, created).put("type", type).put("api_version", API_VERSION)
                .put("pending_webhooks", 1);
        event.remove("metadata");
        event.putObject("data").set("object", data);
        event.putObject("request").putNull("id").putNull("idempotency_key");
        return JSON.writeValueAsString(event);
    }

    static ObjectNode error(String type, String code, String message, String param) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("type", type).put("message", message);
        if (code != null) {
            error.put("code", code);
        }
        if (param != null) {
            error.put("param", param);
        }
        return body;
    }

    /** The {@code Stripe-Signature} header for a payload sent at {@code timestamp} (unix seconds). */
    static String signature(String secret, long timestamp, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
