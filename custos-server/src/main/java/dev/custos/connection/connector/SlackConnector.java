package dev.custos.connection.connector;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Slack's Web API: read a channel's history (following {@code next_cursor}) and search messages; with write, post
 * a message (in a thread too). Slack answers {@code 200} with {@code "ok": false} for what it refuses.
 */
@Component
public class SlackConnector implements Connector {

    private static final Pattern CHANNEL = Pattern.compile("[A-Z0-9]{2,20}");
    private static final Pattern TS = Pattern.compile("\\d{1,12}\\.\\d{1,8}");
    private static final Set<String> AUTH_ERRORS = Set.of("invalid_auth", "not_authed", "token_expired",
            "token_revoked", "account_inactive");
    private static final String SERVICE = "Slack";

    private static final List<Operation> OPERATIONS = List.of(
            new Operation("channel_history", "Reads a Slack channel's latest messages, newest first (channel id "
                    + "like C0123; limit up to 100).", Schemas.object("channel!", "limit:integer"), false),
            new Operation("search_messages", "Searches Slack messages.", Schemas.object("query!"), false),
            new Operation("post_message", "Posts a message in a Slack channel, or in a thread when thread_ts is "
                    + "given.", Schemas.object("channel!", "text!", "thread_ts"), true));

    private final ConnectorHttp http;
    private final JsonMapper json;

    SlackConnector(ConnectorHttp http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.SLACK;
    }

    @Override
    public List<Operation> operations() {
        return OPERATIONS;
    }

    @Override
    public String call(Upstream upstream, String operation, JsonNode node) {
        Arguments args = new Arguments(node);
        return switch (operation) {
            case "channel_history" -> history(upstream, args.matching("channel", CHANNEL, "must be a channel id "
                    + "like C0123ABC."), args.number("limit", 1, 100, 20)).toString();
            case "search_messages" -> {
                JsonNode found = get(upstream, "search.messages?count=20&query=" + encode(args.text("query", 500)));
                ArrayNode matches = json.createArrayNode();
                found.path("messages").path("matches").forEach(match -> matches.add(message(match)
                        .put("channel", match.path("channel").path("id").asString(""))
                        .put("permalink", match.path("permalink").asString(""))));
                yield matches.toString();
            }
            case "post_message" -> {
                String thread = args.optional("thread_ts", 30);
                yield post(upstream, args.matching("channel", CHANNEL, "must be a channel id like C0123ABC."),
                        args.text("text", 40_000), thread == null || thread.isBlank() ? null : thread);
            }
            default -> throw Arguments.refused("Slack has no operation '" + operation + "'.");
        };
    }

    /** Posts {@code text} in {@code channel}, in the thread of {@code threadTs} when given; answers where. */
    public String post(Upstream upstream, String channel, String text, @Nullable String threadTs) {
        ObjectNode body = json.createObjectNode().put("channel", channel).put("text", text);
        if (threadTs != null) {
            if (!TS.matcher(threadTs).matches()) {
                throw Arguments.refused("thread_ts must be a message timestamp like 1764662400.000100.");
            }
            body.put("thread_ts", threadTs);
        }
        JsonNode posted = ok(http.send(SERVICE, request(upstream, "chat.postMessage")
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build()));
        return json.createObjectNode().put("posted", true).put("channel", posted.path("channel").asString(""))
                .put("ts", posted.path("ts").asString("")).toString();
    }

    @Override
    public Account account(Upstream upstream, JsonNode tokenResponse) {
        JsonNode team = tokenResponse.path("team");
        return new Account(team.path("name").asString("Slack workspace"), team.path("id").asString(""));
    }

    private ArrayNode history(Upstream upstream, String channel, int limit) {
        ArrayNode messages = json.createArrayNode();
        String cursor = "";
        for (int page = 0; page < 10 && messages.size() < limit; page++) {
            JsonNode answer = get(upstream, "conversations.history?channel=" + channel + "&limit="
                    + (limit - messages.size()) + (cursor.isEmpty() ? "" : "&cursor=" + encode(cursor)));
            answer.path("messages").forEach(message -> {
                if (messages.size() < limit) {
                    messages.add(message(message));
                }
            });
            cursor = answer.path("response_metadata").path("next_cursor").asString("");
            if (cursor.isEmpty() || !answer.path("has_more").asBoolean(false)) {
                break;
            }
        }
        return messages;
    }

    private ObjectNode message(JsonNode message) {
        return json.createObjectNode().put("user", message.path("user").asString(message.path("username")
                .asString(""))).put("text", message.path("text").asString("")).put("ts", message.path("ts")
                .asString(""));
    }

    private JsonNode get(Upstream upstream, String methodAndQuery) {
        return ok(http.send(SERVICE, request(upstream, methodAndQuery).GET().build()));
    }

    private static HttpRequest.Builder request(Upstream upstream, String methodAndQuery) {
        return HttpRequest.newBuilder(URI.create(upstream.api().toString().replaceAll("/$", "") + "/"
                        + methodAndQuery))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + upstream.token());
    }

    private static JsonNode ok(ConnectorHttp.Reply reply) {
        JsonNode answer = reply.json(SERVICE);
        if (reply.status() == 200 && answer.path("ok").asBoolean(false)) {
            return answer;
        }
        String error = answer.path("error").asString("HTTP " + reply.status());
        if (AUTH_ERRORS.contains(error) || reply.status() == 401) {
            throw new UpstreamFailed(UpstreamFailed.Reason.UNAUTHORIZED, "Slack refused the connection's token ("
                    + error + ").");
        }
        throw new UpstreamFailed(UpstreamFailed.Reason.REFUSED, "Slack refused the call: " + error + ".");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
