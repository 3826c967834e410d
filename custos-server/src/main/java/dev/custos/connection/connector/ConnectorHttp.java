package dev.custos.connection.connector;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one HTTP client of the connectors. A {@code 429} (or GitHub's {@code 403} with {@code Retry-After}) waits as
 * long as the service says, within {@link #MAX_WAIT} per call; a {@code 5xx} or a dropped connection is tried again
 * twice with a growing pause — for a request that changes something only when the service says it did nothing
 * ({@code 503}), so that a comment is never posted twice. What remains is an {@link UpstreamFailed} that says so.
 */
@Component
public class ConnectorHttp {

    /** The longest a call waits in all for a rate limit to pass; longer, and the model is told to try later. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final int MAX_ATTEMPTS = 3;
    private static final int MAX_RATE_LIMITED = 5;
    private static final int MAX_BODY = 4 * 1024 * 1024;
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE");

    /** What the service answered: status, headers and the body as text (at most 4 MiB). */
    public record Reply(int status, HttpHeaders headers, String body) {

        /** The body as JSON; a body that is not JSON fails as the service's fault. */
        public JsonNode json(String service) {
            try {
                return JSON.readTree(body.isBlank() ? "{}" : body);
            } catch (JacksonException e) {
                throw new UpstreamFailed(UpstreamFailed.Reason.UNAVAILABLE, service + " answered with something "
                        + "that is not JSON (HTTP " + status + ").");
            }
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** Sends the request to {@code service} (named in messages), waiting and retrying as described above. */
    public Reply send(String service, HttpRequest request) {
        Duration waited = Duration.ZERO;
        int rateLimited = 0;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (attempt < MAX_ATTEMPTS && IDEMPOTENT.contains(request.method())) {
                    pause(backoff(attempt));
                    continue;
                }
                throw new UpstreamFailed(UpstreamFailed.Reason.UNAVAILABLE, service + " could not be reached.");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UpstreamFailed(UpstreamFailed.Reason.UNAVAILABLE, "The call to " + service
                        + " was interrupted.");
            }
            Reply reply = new Reply(response.statusCode(), response.headers(), read(response));
            int status = reply.status();
            if (status == 429 || status == 403 && reply.header("Retry-After").isPresent()) {
                Duration wait = retryAfter(reply);
                if (++rateLimited > MAX_RATE_LIMITED || waited.plus(wait).compareTo(MAX_WAIT) > 0) {
                    throw new UpstreamFailed(UpstreamFailed.Reason.RATE_LIMITED, service + " limits how often it "
                            + "may be called and asks to wait " + wait.toSeconds() + " s; try again later.");
                }
                pause(wait);
                waited = waited.plus(wait);
                attempt--; // waiting as told is not a failed attempt
                continue;
            }
            if (status >= 500) {
                if (attempt < MAX_ATTEMPTS && (IDEMPOTENT.contains(request.method()) || status == 503)) {
                    pause(backoff(attempt));
                    continue;
                }
                throw new UpstreamFailed(UpstreamFailed.Reason.UNAVAILABLE, service + " is failing (HTTP " + status
                        + " after " + attempt + (attempt == 1 ? " try" : " tries") + "); try again later.");
            }
            return reply;
        }
    }

    /**
     * {@code Retry-After} in seconds or as an HTTP date, else GitHub's {@code x-ratelimit-reset} (epoch seconds),
     * else one second.
     */
    static Duration retryAfter(Reply reply) {
        Optional<String> header = reply.header("Retry-After").map(String::strip);
        if (header.isPresent()) {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(header.get())));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    return positive(Duration.between(Instant.now(), at.toInstant()));
                } catch (DateTimeParseException unreadable) {
                    return Duration.ofSeconds(1);
                }
            }
        }
        return reply.header("x-ratelimit-reset").map(reset -> {
            try {
                return positive(Duration.between(Instant.now(), Instant.ofEpochSecond(Long.parseLong(reset))));
            } catch (NumberFormatException e) {
                return Duration.ofSeconds(1);
            }
        }).orElse(Duration.ofSeconds(1));
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    private static Duration backoff(int attempt) {
        return Duration.ofMillis(250L << attempt); // 0.5 s, then 1 s
    }

    private static String read(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return new String(body.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamFailed(UpstreamFailed.Reason.UNAVAILABLE, "The call was interrupted while waiting.");
        }
    }
}
