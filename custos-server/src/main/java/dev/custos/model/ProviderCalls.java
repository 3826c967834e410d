package dev.custos.model;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What every HTTP provider adapter does alike: send, map transport failures, read and name refusals. */
final class ProviderCalls {

    private static final int MAX_ERROR_BODY = 4096;

    private ProviderCalls() {
    }

    /** A provider's stream state: takes each event as it arrives, then checks the stream ended properly. */
    interface EventStream {
        void accept(ServerSentEvents.Event event);

        void finish();
    }

    /**
     * Sends a streaming call and feeds its events to the stream, or throws a refusal or transport failure. The
     * request's timeout covers the wait for the response's headers; a stream that then stops sending for as
     * long is cut off by the {@link StallWatch}.
     */
    static void stream(HttpClient http, HttpRequest request, JsonMapper json, EventStream stream) {
        HttpResponse<InputStream> response = send(http, request);
        Duration idleLimit = request.timeout().orElse(Duration.ofSeconds(60));
        StallWatch.Watched body = StallWatch.INSTANCE.watch(response.body(), idleLimit);
        try (body) {
            if (response.statusCode() / 100 != 2) {
                throw refused(response, providerError(json, body));
            }
            ServerSentEvents.read(body, stream::accept);
            stream.finish();
        } catch (IOException e) {
            if (body.stalled()) {
                throw new ModelCallFailed("The model provider stopped sending for " + idleLimit.toSeconds()
                        + " s; the stream was cut off.", response.statusCode(), true, e);
            }
            throw brokenOff(response.statusCode(), e);
        }
    }

    /** Sends a call answered in one JSON body (embeddings) and returns it, or throws a refusal or failure. */
    static JsonNode call(HttpClient http, HttpRequest request, JsonMapper json) {
        HttpResponse<InputStream> response = send(http, request);
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw refused(response, providerError(json, body));
            }
            return json.readTree(body);
        } catch (JacksonException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw brokenOff(response.statusCode(), e);
        }
    }

    private static HttpResponse<InputStream> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ModelCallFailed("The model provider did not answer in time.", 0, true, e);
        } catch (IOException e) {
            throw new ModelCallFailed("The model provider could not be reached.", 0, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallFailed("The model call was interrupted.", 0, false, e);
        }
    }

    /**
     * Closes provider streams that have sent nothing for their idle limit. One daemon thread looks over every
     * open stream twice a second, so a stalled provider cannot hold a run or a client forever.
     */
    static final class StallWatch {
        static final StallWatch INSTANCE = new StallWatch();
        private final Set<Watched> open = ConcurrentHashMap.newKeySet();

        private StallWatch() {
            Thread.ofPlatform().daemon().name("custos-provider-stall-watch").start(() -> {
                while (true) {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                    long now = System.nanoTime();
                    open.removeIf(watched -> watched.expireIfIdle(now));
                }
            });
        }

        Watched watch(InputStream body, Duration idleLimit) {
            Watched watched = new Watched(body, idleLimit.toNanos());
            open.add(watched);
            return watched;
        }

        /** A stream whose every read counts as activity. */
        final class Watched extends FilterInputStream {
            private final long idleNanos;
            private volatile long lastActivity = System.nanoTime();
            private volatile boolean stalled;

            Watched(InputStream in, long idleNanos) {
                super(in);
                this.idleNanos = idleNanos;
            }

            boolean stalled() {
                return stalled;
            }

            boolean expireIfIdle(long now) {
                if (now - lastActivity < idleNanos) {
                    return false;
                }
                stalled = true;
                try {
                    in.close(); // the blocked read fails with an IOException
                } catch (IOException e) {
                    // closing is all that was wanted
                }
                return true;
            }

            @Override
            public int read() throws IOException {
                int b = super.read();
                lastActivity = System.nanoTime();
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                lastActivity = System.nanoTime();
                return n;
            }

            @Override
            public void close() throws IOException {
                open.remove(this);
                super.close();
            }
        }
    }

    /** How a JSON error body names the refusal, both providers' shape: {@code {"error":{"type":...}}}. */
    private static ModelCallFailed.ProviderError providerError(JsonMapper json, InputStream body) throws IOException {
        try {
            JsonNode error = json.readTree(new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8))
                    .path("error");
            return new ModelCallFailed.ProviderError(error.path("type").asString(null),
                    error.path("code").asString(null), error.path("param").asString(null));
        } catch (JacksonException e) {
            return new ModelCallFailed.ProviderError(null, null, null); // not JSON: the status says enough
        }
    }

    /**
     * Names the provider's error, not its message: messages may echo parts of the request. Rate limits (429) and
     * server trouble (5xx, Anthropic's 529 "overloaded" among them) may pass, so they are retryable.
     */
    static ModelCallFailed refused(HttpResponse<?> response, ModelCallFailed.ProviderError error) {
        int status = response.statusCode();
        Duration retryAfter = response.headers().firstValue("retry-after")
                .filter(value -> value.matches("\\d{1,5}")).map(value -> Duration.ofSeconds(Long.parseLong(value)))
                .orElse(null);
        return refused(status, error, retryAfter);
    }

    static ModelCallFailed refused(int status, ModelCallFailed.ProviderError error, @Nullable Duration retryAfter) {
        boolean retryable = status == 429 || status >= 500;
        return new ModelCallFailed("The model provider refused the call (HTTP " + status + ", " + error.name()
                + ").", status, retryable, null, error, retryAfter);
    }

    private static ModelCallFailed brokenOff(int status, IOException cause) {
        return new ModelCallFailed("The model provider's stream broke off.", status, true, cause);
    }

    static ModelCallFailed endedEarly() {
        return new ModelCallFailed("The model provider's stream ended before the answer did.", 200, true, null);
    }

    static ModelCallFailed notJson(Exception cause) {
        return new ModelCallFailed("The model provider sent an event that is not valid JSON.", 200, false, cause);
    }
}
