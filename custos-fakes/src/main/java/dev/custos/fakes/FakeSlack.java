package dev.custos.fakes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static dev.custos.fakes.Exchanges.form;
import static dev.custos.fakes.Exchanges.json;

/**
 * Slack's OAuth v2 flow, Web API and Events API for one workspace ("Acme", {@code T0ACME}) on a loopback port.
 * {@code /oauth/v2/authorize} and {@code /api/oauth.v2.access} (form, client credentials in the body or Basic) as
 * slack.com speaks them; Web API methods under {@code /api/} answer {@code 200} with {@code "ok": false} and an
 * error code for what they refuse, {@code 429} with {@code Retry-After} when limited. History comes two messages a
 * page with {@code response_metadata.next_cursor}. {@link #mention} sends an {@code app_mention} event signed as
 * Slack signs them ({@code v0=} HMAC-SHA256 of {@code v0:timestamp:body} under the app's signing secret).
 */
public final class FakeSlack extends FakeSaas {

    public static final String SIGNING_SECRET = "fake-slack-signing-secret";
    public static final String TEAM_ID = "T0ACME";
    public static final String BOT_USER = "U0CUSTOS";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PAGE = 2;

    /** A message a client posted through {@code chat.postMessage}. */
    public record Post(String channel, String text, String threadTs, String token) {
    }

    private record Message(String channel, String user, String text, String ts) {
    }

    private final List<Message> messages = new CopyOnWriteArrayList<>(List.of(
            new Message("C0GENERAL", "U1ANA", "Good morning! The release is on Friday.", "1764662400.000100"),
            new Message("C0GENERAL", "U2BEN", "The printer on floor 2 is broken again.", "1764666000.000200"),
            new Message("C0GENERAL", "U1ANA", "Release notes are in the wiki.", "1764669600.000300"),
            new Message("C0GENERAL", "U3CHLOE", "Lunch at noon?", "1764673200.000400"),
            new Message("C0SUPPORT", "U2BEN", "Customer asks about the release date.", "1764676800.000500")));
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final AtomicInteger events = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FakeSlack() throws IOException {
        super(false);
    }

    public static FakeSlack start() throws IOException {
        return new FakeSlack();
    }

    public List<Post> posts() {
        return List.copyOf(posts);
    }

    @Override
    protected String authorizePath() {
        return "/oauth/v2/authorize";
    }

    @Override
    protected String tokenPath() {
        return "/api/oauth.v2.access";
    }

    @Override
    protected String tokenPrefix() {
        return "xoxb-";
    }

    @Override
    protected void token(HttpExchange exchange) throws IOException {
        Map<String, String> params = form(Exchanges.body(exchange));
        String[] basic = Exchanges.basic(exchange);
        OAuthGrants.Result result = params.containsKey("client_id")
                ? redeem(params, params.get("client_id"), params.getOrDefault("client_secret", ""))
                : redeem(params, basic[0], basic[1]);
        if (result.issued() == null) {
            json(exchange, 200, Map.of("ok", false, "error", result.error().equals("invalid_grant") ? "invalid_code"
                    : result.error()));
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("ok", true).put("access_token", result.issued().accessToken())
                .put("token_type", "bot").put("scope", "channels:history,chat:write,app_mentions:read,search:read")
                .put("bot_user_id", BOT_USER).put("app_id", "A0CUSTOS");
        answer.putObject("team").put("id", TEAM_ID).put("name", "Acme");
        answer.putObject("authed_user").put("id", "U9ADMIN");
        if (result.issued().refreshToken() != null) {
            answer.put("expires_in", result.issued().expiresIn()).put("refresh_token", result.issued().refreshToken());
        }
        json(exchange, 200, answer);
    }

    @Override
    protected void unauthorized(HttpExchange exchange) throws IOException {
        json(exchange, 200, Map.of("ok", false, "error", "invalid_auth"));
    }

    @Override
    protected void tooManyRequests(HttpExchange exchange) throws IOException {
        json(exchange, 429, Map.of("ok", false, "error", "ratelimited"));
    }

    @Override
    protected void api(HttpExchange exchange, String path) throws IOException {
        Map<String, String> params = form(exchange.getRequestURI().getRawQuery());
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (exchange.getRequestMethod().equals("POST")) {
            String body = Exchanges.body(exchange);
            if (contentType.startsWith("application/json")) {
                JSON.readTree(body).properties().forEach(field -> params.put(field.getKey(),
                        field.getValue().asString()));
            } else {
                params.putAll(form(body));
            }
        }
        String token = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")).substring(7);
        switch (path) {
            case "/api/auth.test" -> json(exchange, 200, Map.of("ok", true, "team", "Acme", "team_id", TEAM_ID,
                    "user_id", BOT_USER));
            case "/api/conversations.history" -> history(exchange, params);
            case "/api/search.messages" -> search(exchange, params);
            case "/api/chat.postMessage" -> {
                String channel = params.getOrDefault("channel", "");
                if (channel.isBlank() || params.getOrDefault("text", "").isBlank()) {
                    json(exchange, 200, Map.of("ok", false, "error", channel.isBlank() ? "channel_not_found"
                            : "no_text"));
                    return;
                }
                String ts = Instant.now().getEpochSecond() + "." + String.format("%06d", posts.size() + 1);
                posts.add(new Post(channel, params.get("text"), params.get("thread_ts"), token));
                messages.add(new Message(channel, BOT_USER, params.get("text"), ts));
                json(exchange, 200, Map.of("ok", true, "channel", channel, "ts", ts));
            }
            default -> json(exchange, 404, Map.of("ok", false, "error", "unknown_method"));
        }
    }

    private void history(HttpExchange exchange, Map<String, String> params) throws IOException {
        String channel = params.getOrDefault("channel", "");
        List<Message> inChannel = messages.stream().filter(message -> message.channel().equals(channel)).toList()
                .reversed(); // newest first, as Slack lists them
        if (inChannel.isEmpty()) {
            json(exchange, 200, Map.of("ok", false, "error", "channel_not_found"));
            return;
        }
        int from = params.getOrDefault("cursor", "").isEmpty() ? 0
                : Integer.parseInt(new String(java.util.Base64.getDecoder().decode(params.get("cursor")),
                        StandardCharsets.UTF_8).substring("offset:".length()));
        int size = Math.min(PAGE, Integer.parseInt(params.getOrDefault("limit", "100")));
        ObjectNode answer = JSON.createObjectNode().put("ok", true);
        ArrayNode list = answer.putArray("messages");
        inChannel.subList(from, Math.min(inChannel.size(), from + size)).forEach(message -> list.add(messageJson(message)));
        boolean more = from + size < inChannel.size();
        answer.put("has_more", more);
        answer.putObject("response_metadata").put("next_cursor", more ? java.util.Base64.getEncoder()
                .encodeToString(("offset:" + (from + size)).getBytes(StandardCharsets.UTF_8)) : "");
        json(exchange, 200, answer);
    }

    private void search(HttpExchange exchange, Map<String, String> params) throws IOException {
        String query = params.getOrDefault("query", "").toLowerCase(Locale.ROOT);
        ObjectNode answer = JSON.createObjectNode().put("ok", true).put("query", params.getOrDefault("query", ""));
        ArrayNode matches = answer.putObject("messages").putArray("matches");
        messages.stream().filter(message -> message.text().toLowerCase(Locale.ROOT).contains(query))
                .forEach(message -> matches.add(messageJson(message).put("permalink", baseUrl() + "/archives/"
                        + message.channel() + "/p" + message.ts().replace(".", ""))
                        .set("channel", JSON.createObjectNode().put("id", message.channel()))));
        ((ObjectNode) answer.get("messages")).putObject("paging").put("count", 20).put("total", matches.size())
                .put("page", 1).put("pages", 1);
        json(exchange, 200, answer);
    }

    private static ObjectNode messageJson(Message message) {
        return JSON.createObjectNode().put("type", "message").put("user", message.user()).put("text", message.text())
                .put("ts", message.ts());
    }

    /**
     * Sends an {@code app_mention} of the app in {@code channel} to the app's Request URL, signed now with the real
     * signing secret; answers the HTTP status the app gave.
     */
    public int mention(URI requestUrl, String channel, String text) {
        return send(requestUrl, mentionBody(channel, text), Instant.now().getEpochSecond(), SIGNING_SECRET);
    }

    /** The body of an {@code event_callback} carrying an {@code app_mention}, with a fresh event id. */
    public String mentionBody(String channel, String text) {
        int n = events.incrementAndGet();
        String ts = Instant.now().getEpochSecond() + "." + String.format("%06d", 900 + n);
        ObjectNode event = JSON.createObjectNode().put("type", "app_mention").put("user", "U1ANA")
                .put("text", "<@" + BOT_USER + "> " + text).put("ts", ts).put("channel", channel).put("event_ts", ts);
        ObjectNode body = JSON.createObjectNode().put("token", "deprecated-verification-token")
                .put("team_id", TEAM_ID).put("api_app_id", "A0CUSTOS").put("type", "event_callback")
                .put("event_id", "Ev0" + n + "FAKE").put("event_time", Instant.now().getEpochSecond());
        body.set("event", event);
        messages.add(new Message(channel, "U1ANA", event.path("text").asString(), ts));
        return body.toString();
    }

    /** Posts {@code body} to {@code requestUrl} signed with {@code secret} at {@code timestamp}; the status. */
    public int send(URI requestUrl, String body, long timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = "v0=" + java.util.HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body)
                    .getBytes(StandardCharsets.UTF_8)));
            HttpRequest request = HttpRequest.newBuilder(requestUrl).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("X-Slack-Request-Timestamp", "" + timestamp)
                    .header("X-Slack-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the event could not be sent: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The thread replies the app posted in answer to mentions. */
    public List<Post> threadReplies() {
        return posts.stream().filter(post -> post.threadTs() != null).toList();
    }
}
