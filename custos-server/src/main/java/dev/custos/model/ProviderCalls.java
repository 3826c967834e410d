package dev.custos.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

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

    /** Sends a streaming call and feeds its events to the stream, or throws a refusal or transport failure. */
    static void stream(HttpClient http, HttpRequest request, JsonMapper json, EventStream stream) {
        HttpResponse<InputStream> response = send(http, request);
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw refused(response.statusCode(), errorType(json, body));
            }
            ServerSentEvents.read(body, stream::accept);
            stream.finish();
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

    /** The error type (or code) of a JSON error body, both providers' shape: {@code {"error":{"type":...}}}. */
    private static String errorType(JsonMapper json, InputStream body) throws IOException {
        try {
            JsonNode error = json.readTree(new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8))
                    .path("error");
            return error.path("type").asString(error.path("code").asString("unknown"));
        } catch (JacksonException e) {
            return "unknown"; // not JSON: the status says enough
        }
    }

    /**
     * Names the provider's error type, not its message: messages may echo parts of the request. Rate limits
     * (429) and server trouble (5xx, Anthropic's 529 "overloaded" among them) may pass, so they are retryable.
     */
    static ModelCallFailed refused(int status, String type) {
        boolean retryable = status == 429 || status >= 500;
        return new ModelCallFailed("The model provider refused the call (HTTP " + status + ", " + type + ").",
                status, retryable, null);
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
