package dev.custos.fakes;

import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static dev.custos.fakes.Exchanges.random;
import static dev.custos.fakes.StripeObjects.JSON;

/** The API endpoints of {@link FakeStripe}: a request's answer, or null for an object that does not exist. */
final class StripeApi {

    private StripeApi() {
    }

    static ObjectNode answer(FakeStripe stripe, String method, String path, Map<String, String> form) {
        Map<String, ObjectNode> objects = stripe.objects();
        long now = Instant.now().getEpochSecond();
        String[] parts = path.substring(1).split("/");
        if (method.equals("POST") && path.equals("/v1/customers")) {
            String id = random("cus_");
            ObjectNode customer = StripeObjects.customer(id, now, form.getOrDefault("email", ""),
                    form.getOrDefault("name", ""));
            metadata(form, customer);
            objects.put(id, customer);
            return customer;
        }
        if (method.equals("POST") && path.equals("/v1/checkout/sessions")) {
            return checkoutSession(stripe, form, now);
        }
        if (method.equals("POST") && path.equals("/v1/billing_portal/sessions")) {
            if (!objects.containsKey(form.getOrDefault("customer", ""))) {
                return missing("customer");
            }
            String id = random("bps_");
            return StripeObjects.object("billing_portal.session", id, now).put("customer", form.get("customer"))
                    .put("return_url", form.get("return_url")).put("url", stripe.baseUrl() + "/portal/" + id);
        }
        if (method.equals("POST") && path.equals("/v1/billing/meter_events")) {
            ObjectNode event = JSON.createObjectNode().put("object", "billing.meter_event")
                    .put("event_name", form.get("event_name")).put("identifier", form.get("identifier"))
                    .put("created", now).put("livemode", false)
                    .put("timestamp", Long.parseLong(form.getOrDefault("timestamp", "" + now)));
            event.putObject("payload").put("stripe_customer_id", form.get("payload[stripe_customer_id]"))
                    .put("value", form.get("payload[value]"));
            boolean duplicate = stripe.meterEvents().stream().anyMatch(known -> known.path("identifier").asString()
                    .equals(form.get("identifier")));
            if (!duplicate) {
                stripe.meterEvent(event);
            }
            return event;
        }
        if (method.equals("GET") && path.equals("/v1/invoices")) {
            ObjectNode list = JSON.createObjectNode().put("object", "list").put("has_more", false)
                    .put("url", "/v1/invoices");
            ArrayNode data = list.putArray("data");
            for (String id : stripe.invoiceIds().reversed()) {
                if (objects.get(id).path("customer").asString().equals(form.get("customer"))) {
                    data.add(objects.get(id));
                }
            }
            return list;
        }
        if (method.equals("GET") && (parts.length == 3 || parts.length == 4 && parts[1].equals("checkout"))) {
            String type = switch (parts[1]) {
                case "customers" -> "customer";
                case "subscriptions" -> "subscription";
                case "payment_methods" -> "payment_method";
                case "invoices" -> "invoice";
                case "checkout" -> "checkout.session";
                default -> "";
            };
            ObjectNode found = objects.get(parts[parts.length - 1]);
            return found != null && found.path("object").asString().equals(type) ? found : null;
        }
        return null;
    }

    private static ObjectNode checkoutSession(FakeStripe stripe, Map<String, String> form, long now) {
        String customer = form.getOrDefault("customer", "");
        if (!stripe.objects().containsKey(customer)) {
            return missing("customer");
        }
        String price = form.getOrDefault("line_items[0][price]", "");
        if (!stripe.prices().containsKey(price)) {
            return StripeObjects.error("invalid_request_error", "resource_missing", "No such price: '" + price + "'",
                    "line_items[0][price]");
        }
        if (!"subscription".equals(form.get("mode")) || !form.containsKey("success_url")) {
            return StripeObjects.error("invalid_request_error", "parameter_missing",
                    "Missing required param: mode or success_url.", "mode");
        }
        String id = random("cs_test_");
        ObjectNode session = StripeObjects.object("checkout.session", id, now).put("mode", "subscription")
                .put("status", "open").put("payment_status", "unpaid").put("customer", customer)
                .put("client_reference_id", form.get("client_reference_id")).put("success_url", form.get("success_url"))
                .put("cancel_url", form.get("cancel_url")).put("url", stripe.baseUrl() + "/pay/" + id)
                .put("currency", "eur").put("amount_total", stripe.prices().get(price)).putNull("subscription")
                .put("line_items_price", price)
                .put("trial_days", Integer.parseInt(form.getOrDefault("subscription_data[trial_period_days]", "0")));
        metadata(form, session);
        stripe.objects().put(id, session);
        return session;
    }

    private static void metadata(Map<String, String> form, ObjectNode object) {
        ObjectNode metadata = (ObjectNode) object.path("metadata");
        form.forEach((name, value) -> {
            if (name.startsWith("metadata[") && name.endsWith("]")) {
                metadata.put(name.substring(9, name.length() - 1), value);
            }
        });
    }

    private static ObjectNode missing(String param) {
        return StripeObjects.error("invalid_request_error", "resource_missing", "No such " + param + ".", param);
    }
}
