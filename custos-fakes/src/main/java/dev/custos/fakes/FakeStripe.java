package dev.custos.fakes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.node.ObjectNode;

import static dev.custos.fakes.Exchanges.body;
import static dev.custos.fakes.Exchanges.form;
import static dev.custos.fakes.Exchanges.json;
import static dev.custos.fakes.Exchanges.random;
import static dev.custos.fakes.StripeObjects.JSON;

/**
 * Stripe on a loopback port, for the endpoints Custos uses: customers, Checkout Sessions (subscription mode) with
 * the hosted payment page a browser fills in, subscriptions, payment methods, invoices, customer portal sessions
 * and meter events, all form-encoded with {@code Authorization: Bearer} the secret key, errors in Stripe's
 * {@code {"error": {...}}} shape, and {@code Idempotency-Key} answered with the first response. Webhooks are signed
 * as Stripe signs them and delivered in order to the endpoint given; tests drive renewals, failed payments and
 * cancellations, and may resend any delivery.
 */
public final class FakeStripe implements AutoCloseable {

    public static final String SECRET_KEY = "sk_test_fake_custos_secret";
    public static final String WEBHOOK_SECRET = "whsec_fake_custos_endpoint";
    /** A card that pays; {@link #DECLINED_CARD} is refused on the payment page. */
    public static final String GOOD_CARD = "4242424242424242";
    public static final String DECLINED_CARD = "4000000000000002";
    private static final long MONTH = 30L * 24 * 3600;

    /** A webhook delivery: the event, and the status Custos answered with. */
    public record Delivery(String eventId, String type, int status) {
    }

    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
    private final Map<String, String> events = new ConcurrentHashMap<>();
    private final Map<String, Long> prices = new ConcurrentHashMap<>();
    private final Map<String, String> idempotent = new ConcurrentHashMap<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> meterEvents = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** Invoice ids in the order they were made: lists are newest first even within one second, as Stripe's. */
    private final List<String> invoices = new CopyOnWriteArrayList<>();
    private final List<String> held = new CopyOnWriteArrayList<>();
    private volatile boolean holding;
    private volatile URI endpoint;
    private volatile boolean down;

    private FakeStripe() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeStripe start() throws IOException {
        return new FakeStripe();
    }

    /** Started for a static field: with the price the tests' plans sell, {@code price_team_monthly} at EUR 29. */
    public static FakeStripe startWithTestPrices() {
        try {
            FakeStripe stripe = new FakeStripe();
            stripe.price("price_team_monthly", 2900);
            return stripe;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Where webhooks go (the endpoint registered in Stripe's dashboard). */
    public void deliverTo(URI webhookEndpoint) {
        this.endpoint = webhookEndpoint;
    }

    /** A price the operator created in Stripe, in euro cents a month. */
    public void price(String priceId, long amountMinor) {
        prices.put(priceId, amountMinor);
    }

    /** While down, every API request gets 500 {@code api_error}, as in an outage. */
    public void down(boolean isDown) {
        this.down = isDown;
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public List<ObjectNode> meterEvents() {
        return List.copyOf(meterEvents);
    }

    /** Every API request's method, path and body, in order: to scan what Custos sent. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public ObjectNode object(String id) {
        return objects.get(id).deepCopy();
    }

    /** The signed payload of an event, to resend or tamper with. */
    public String event(String eventId) {
        return events.get(eventId);
    }

    /** What the hosted payment page does when a card is entered: returns where the browser is sent. */
    public URI pay(String sessionId, String cardNumber) {
        ObjectNode session = objects.get(sessionId);
        if (cardNumber.replace(" ", "").equals(DECLINED_CARD)) {
            return URI.create(session.path("cancel_url").asString());
        }
        long now = Instant.now().getEpochSecond();
        String customer = session.path("customer").asString();
        String method = random("pm_");
        objects.put(method, StripeObjects.card(method, now, customer, "visa", cardNumber.substring(cardNumber.length()
                - 4)));
        String price = session.path("line_items_price").asString();
        int trialDays = session.path("trial_days").asInt();
        Long trialEnd = trialDays > 0 ? now + trialDays * 24L * 3600 : null;
        String subscriptionId = random("sub_");
        ObjectNode subscription = StripeObjects.subscription(subscriptionId, now, customer, price,
                trialEnd == null ? "active" : "trialing", now, trialEnd == null ? now + MONTH : trialEnd, trialEnd,
                method);
        objects.put(subscriptionId, subscription);
        session.put("status", "complete").put("payment_status", trialEnd == null ? "paid" : "no_payment_required")
                .put("subscription", subscriptionId);
        emit("checkout.session.completed", session);
        emit("customer.subscription.created", subscription);
        invoice(subscription, trialEnd == null ? prices.getOrDefault(price, 0L) : 0, "paid", "subscription_create");
        return URI.create(session.path("success_url").asString().replace("{CHECKOUT_SESSION_ID}", sessionId));
    }

    /** The next period is charged and the card pays. */
    public void renew(String subscriptionId) {
        ObjectNode subscription = objects.get(subscriptionId);
        moveOn(subscription, "active");
        invoice(subscription, prices.getOrDefault(price(subscription), 0L), "paid", "subscription_cycle");
        emit("customer.subscription.updated", subscription);
    }

    /** The next period is charged and the card is declined: the subscription is past due. */
    public void failRenewal(String subscriptionId) {
        ObjectNode subscription = objects.get(subscriptionId);
        moveOn(subscription, "past_due");
        invoice(subscription, prices.getOrDefault(price(subscription), 0L), "open", "subscription_cycle");
        emit("customer.subscription.updated", subscription);
    }

    /** The subscription ends (cancelled in the portal, or after the last retry failed). */
    public void cancel(String subscriptionId) {
        ObjectNode subscription = objects.get(subscriptionId).put("status", "canceled");
        emit("customer.subscription.deleted", subscription);
    }

    /** While holding, events are kept back instead of delivered, to be released in another order. */
    public void hold() {
        holding = true;
    }

    /** Delivers the held events newest first, as a network may reorder them, and stops holding. */
    public void releaseNewestFirst() {
        holding = false;
        for (String id : held.reversed()) {
            deliveries.add(new Delivery(id, JSON.readTree(events.get(id)).path("type").asString(),
                    deliver(id, events.get(id), Instant.now().getEpochSecond())));
        }
        held.clear();
    }

    /**
     * The {@code Stripe-Signature} header Stripe would send for a payload at {@code at} under {@code secret}: for
     * tests that forge one, or sign with an old timestamp.
     */
    public static String signature(String secret, Instant at, String payload) {
        return StripeObjects.signature(secret, at.getEpochSecond(), payload);
    }

    /** Sends an event's payload again, freshly signed as Stripe's retries are; returns Custos's status. */
    public int resend(String eventId) {
        return deliver(eventId, events.get(eventId), Instant.now().getEpochSecond());
    }

    private static String price(ObjectNode subscription) {
        return subscription.path("items").path("data").get(0).path("price").path("id").asString();
    }

    private void moveOn(ObjectNode subscription, String status) {
        ObjectNode item = (ObjectNode) subscription.path("items").path("data").get(0);
        long end = item.path("current_period_end").asLong();
        item.put("current_period_start", end).put("current_period_end", end + MONTH);
        subscription.put("status", status).putNull("trial_end");
    }

    private void invoice(ObjectNode subscription, long amount, String status, String reason) {
        ObjectNode item = (ObjectNode) subscription.path("items").path("data").get(0);
        String id = random("in_");
        ObjectNode invoice = StripeObjects.invoice(id, Instant.now().getEpochSecond(),
                subscription.path("customer").asString(), subscription.path("id").asString(), status, amount,
                item.path("current_period_start").asLong(), item.path("current_period_end").asLong(),
                baseUrl().toString(), reason);
        objects.put(id, invoice);
        invoices.add(id);
        emit("paid".equals(status) ? "invoice.paid" : "invoice.payment_failed", invoice);
    }

    private void emit(String type, ObjectNode data) {
        String id = random("evt_");
        String payload = StripeObjects.event(id, Instant.now().getEpochSecond(), type, data.deepCopy());
        events.put(id, payload);
        if (holding) {
            held.add(id);
            return;
        }
        deliveries.add(new Delivery(id, type, deliver(id, payload, Instant.now().getEpochSecond())));
    }

    private int deliver(String eventId, String payload, long timestamp) {
        if (endpoint == null) {
            return 0;
        }
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("Stripe-Signature", StripeObjects.signature(WEBHOOK_SECRET, timestamp, payload))
                    .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.startsWith("/pay/")) {
                StripeCheckoutPage.handle(this, exchange, path.substring(5));
                return;
            }
            String raw = method.equals("GET") ? exchange.getRequestURI().getRawQuery() : body(exchange);
            requests.add(method + " " + path + " " + (raw == null ? "" : raw));
            if (!("Bearer " + SECRET_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                json(exchange, 401, StripeObjects.error("invalid_request_error", null,
                        "Invalid API Key provided.", null));
                return;
            }
            if (down) {
                json(exchange, 500, StripeObjects.error("api_error", null, "An error occurred with our API.", null));
                return;
            }
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (method.equals("POST") && key != null && idempotent.containsKey(path + " " + key)) {
                exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
                json(exchange, 200, JSON.readTree(idempotent.get(path + " " + key)));
                return;
            }
            ObjectNode answer = StripeApi.answer(this, method, path, form(raw));
            if (answer == null) {
                json(exchange, 404, StripeObjects.error("invalid_request_error", "resource_missing",
                        "No such object: " + path, "id"));
                return;
            }
            int status = answer.has("error") ? 400 : 200;
            if (method.equals("POST") && key != null && status == 200) {
                idempotent.put(path + " " + key, JSON.writeValueAsString(answer));
            }
            json(exchange, status, answer);
        }
    }

    Map<String, ObjectNode> objects() {
        return objects;
    }

    List<String> invoiceIds() {
        return invoices;
    }

    Map<String, Long> prices() {
        return prices;
    }

    void meterEvent(ObjectNode event) {
        meterEvents.add(event);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
