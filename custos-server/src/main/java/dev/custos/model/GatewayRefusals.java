package dev.custos.model;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/** How a gateway route answers a provider's failure or a parameter it cannot honour, the same on every route. */
final class GatewayRefusals {

    private GatewayRefusals() {
    }

    /** A streamed answer in one client's format: the call's events as they come, then its end, or an error. */
    interface Stream extends Consumer<ChatEvent> {
        /** Whether the first event went out: the response is a stream now, and a refusal can only end it. */
        boolean started();

        /** The end of a call that completed. */
        void finish(ModelGateway.Completion completion);

        /** The end of a call that failed after the stream started, as the client's format says an error. */
        void error(CustosException refusal);
    }

    /**
     * Makes the call, streamed. A refusal before the first event is a problem like any other; one after it ends the
     * stream as the client's format says, since its status is already sent.
     */
    static void stream(ModelGateway gateway, ModelGateway.ModelCall call, Stream stream) {
        try {
            stream.finish(called(() -> gateway.call(call, stream)));
        } catch (CustosException e) {
            if (!stream.started()) {
                throw e;
            }
            stream.error(e);
        }
    }

    /** The call's result, its provider's failure passed on as {@link #refusal} says. */
    static <T> T called(Supplier<T> call) {
        try {
            return call.get();
        } catch (ModelCallFailed e) {
            throw refusal(e);
        } catch (ChatRequest.UnsupportedParameter e) {
            throw CustosException.invalid("unsupported-parameter", e.getMessage())
                    .with(CustosException.PARAM, e.parameter());
        }
    }

    /**
     * A provider's failure as the client should see it, so that SDKs retry what may pass and not what cannot:
     * its refusal of the request (400, 404, 413, 422...) is the client's, with the provider's code and param;
     * its rate limit is 429 with {@code Retry-After}; its overload is 503; anything else, its refusal of Custos's own
     * credentials included, is a bad gateway (502).
     */
    static CustosException refusal(ModelCallFailed e) {
        int status = e.status();
        ModelCallFailed.ProviderError error = e.providerError();
        if (status == 429) {
            return CustosException.tooMany("provider-rate-limited", "The model provider is limiting calls; "
                    + "retry after the time in Retry-After.", e.retryAfter() == null ? Duration.ofSeconds(1)
                    : e.retryAfter()).with(CustosException.PROVIDER_ERROR_CODE, "rate_limit_exceeded");
        }
        if (status == 503 || status == 529) {
            return new CustosException(HttpStatus.SERVICE_UNAVAILABLE, "provider-unavailable",
                    "The model provider is overloaded or unavailable; retry later.");
        }
        HttpStatus clientFault = HttpStatus.resolve(status);
        if (e.clientFault() && clientFault != null) {
            CustosException refusal = new CustosException(clientFault, "provider-refused-request",
                    "The model provider refused the request (" + (error == null ? "HTTP " + status : error.name())
                            + ").");
            if (error != null) {
                putIfKnown(refusal, CustosException.PROVIDER_ERROR_TYPE, error.type());
                putIfKnown(refusal, CustosException.PROVIDER_ERROR_CODE, error.code());
                putIfKnown(refusal, CustosException.PARAM, error.param());
            }
            return refusal;
        }
        return new CustosException(HttpStatus.BAD_GATEWAY, "model-call-failed", e.getMessage());
    }

    private static void putIfKnown(CustosException refusal, String member, @Nullable String value) {
        if (value != null) {
            refusal.with(member, value);
        }
    }
}
