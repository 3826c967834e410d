package dev.custos.connection;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import dev.custos.connection.connector.ConnectorKind;
import dev.custos.connection.connector.SlackSignatures;
import dev.custos.platform.web.CustosException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slack's Events API Request URL. Every request must carry Slack's signature over its raw body and a recent
 * timestamp, under the signing secret the installation registered; anything else is refused before its body is
 * read as JSON. Answers the URL check, and hands {@code app_mention} events to {@link SlackMentions}.
 */
@RestController
class SlackEventsController {

    private static final int MAX_BODY = 1024 * 1024;

    private final ConnectorApps apps;
    private final SlackMentions mentions;
    private final JsonMapper json;
    private final Clock clock;

    SlackEventsController(ConnectorApps apps, SlackMentions mentions, JsonMapper json, Clock clock) {
        this.apps = apps;
        this.mentions = mentions;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping("/integrations/slack/events")
    ResponseEntity<?> receive(HttpServletRequest request, @RequestBody byte[] body) {
        String timestamp = request.getHeader("X-Slack-Request-Timestamp");
        String signature = request.getHeader("X-Slack-Signature");
        if (body.length > MAX_BODY || !SlackSignatures.plausible(timestamp, signature, clock.instant())
                || !SlackSignatures.verify(apps.signingSecret(ConnectorKind.SLACK).orElseThrow(() ->
                CustosException.notFound("Slack's events endpoint")), timestamp, signature, body, clock.instant())) {
            throw new CustosException(HttpStatus.UNAUTHORIZED, "slack-signature-invalid",
                    "The request is not signed with this installation's Slack signing secret, or is too old.");
        }
        JsonNode event;
        try {
            event = json.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw CustosException.invalid("invalid-slack-event", "The event is not JSON.");
        }
        switch (event.path("type").asString("")) {
            case "url_verification" -> {
                return ResponseEntity.ok(Map.of("challenge", event.path("challenge").asString("")));
            }
            case "event_callback" -> {
                JsonNode inner = event.path("event");
                if (inner.path("type").asString("").equals("app_mention")) {
                    String ts = inner.path("ts").asString("");
                    if (!event.path("event_id").asString("").matches("[A-Za-z0-9]{1,100}")
                            || !inner.path("channel").asString("").matches("[A-Z0-9]{2,20}")
                            || !inner.path("thread_ts").asString(ts).matches("\\d{1,12}\\.\\d{1,8}")) {
                        throw CustosException.invalid("invalid-slack-event", "The mention lacks its event id, "
                                + "channel or timestamp.");
                    }
                    mentions.receive(new SlackMentions.Mention(event.path("team_id").asString(""),
                            event.path("event_id").asString(""), inner.path("channel").asString(""),
                            inner.path("thread_ts").asString(ts), withoutMentions(inner.path("text").asString(""))));
                }
                return ResponseEntity.ok().build();
            }
            default -> {
                return ResponseEntity.ok().build(); // other kinds Custos did not subscribe to
            }
        }
    }

    /** The message without {@code <@U…>} mentions, the app's own included. */
    static String withoutMentions(String text) {
        String plain = text.replaceAll("<@[A-Z0-9]+>", "").strip();
        return plain.isEmpty() ? "Hello" : plain;
    }
}
