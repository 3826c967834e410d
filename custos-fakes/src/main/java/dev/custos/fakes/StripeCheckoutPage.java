package dev.custos.fakes;

import java.io.IOException;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.node.ObjectNode;

import static dev.custos.fakes.Exchanges.body;
import static dev.custos.fakes.Exchanges.form;

/**
 * Stripe Checkout's hosted page: a browser sent to a session's {@code url} sees the amount and a card form; the
 * card goes to Stripe here, never to Custos, and the browser is sent back to the session's success or cancel URL.
 */
final class StripeCheckoutPage {

    private StripeCheckoutPage() {
    }

    static void handle(FakeStripe stripe, HttpExchange exchange, String sessionId) throws IOException {
        ObjectNode session = stripe.objects().get(sessionId);
        if (session == null || !session.path("status").asString().equals("open")) {
            page(exchange, 404, "<h1>This checkout session has expired or is complete.</h1>");
            return;
        }
        if (exchange.getRequestMethod().equals("POST")) {
            String card = form(body(exchange)).getOrDefault("cardnumber", "").replace(" ", "");
            exchange.getResponseHeaders().set("Location", stripe.pay(sessionId, card).toString());
            exchange.sendResponseHeaders(303, -1);
            return;
        }
        long amount = session.path("amount_total").asLong();
        page(exchange, 200, """
                <h1>Pay Custos</h1><p id="amount">EUR %d.%02d per month</p>
                <form method="post"><label>Card number <input name="cardnumber" autocomplete="cc-number"></label>
                <label>Expiry <input name="exp" value="12 / 30"></label><label>CVC <input name="cvc" value="123"></label>
                <button type="submit">Subscribe</button></form>""".formatted(amount / 100, amount % 100));
    }

    private static void page(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = FakeStripe.utf8("<!doctype html><html><head><title>Checkout</title></head><body>" + body
                + "</body></html>");
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
