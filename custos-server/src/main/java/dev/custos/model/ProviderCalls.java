package dev.custos.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

/** What every HTTP provider adapter does alike: send, map transport failures, read and name refusals. */
final class ProviderCalls {

    private static final int MAX_ERROR_BODY = 4096;

    private ProviderCalls() {
    }

    static HttpResponse<InputStream> send(HttpClient http, HttpRequest request) {
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

    /** The start of an error response's body, enough for its JSON error object. */
    static String errorBody(InputStream body) throws IOException {
        return new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
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

    static ModelCallFailed brokenOff(int status, IOException cause) {
        return new ModelCallFailed("The model provider's stream broke off.", status, true, cause);
    }

    static ModelCallFailed endedEarly() {
        return new ModelCallFailed("The model provider's stream ended before the answer did.", 200, true, null);
    }

    static ModelCallFailed notJson(Exception cause) {
        return new ModelCallFailed("The model provider sent an event that is not valid JSON.", 200, false, cause);
    }
}
