package dev.custos.model;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;

import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.usage.Metering;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** What every call to a provider goes through, chat or embeddings: the workspace's allowance, and the backoff. */
@Component
class CallGuards {

    private final Metering metering;
    private final ModelProperties properties;
    private final Clock clock;

    CallGuards(Metering metering, ModelProperties properties, Clock clock) {
        this.metering = metering;
        this.properties = properties;
        this.clock = clock;
    }

    /** Refuses a call once the workspace has used its monthly token allowance. */
    void checkQuota(WorkspaceId workspace, WorkspaceModels.Settings settings) {
        Long limit = settings.monthlyTokenLimit();
        if (limit == null) {
            return;
        }
        if (metering.tokensIn(workspace, YearMonth.now(clock.withZone(ZoneOffset.UTC))) >= limit) {
            throw new CustosException(HttpStatus.TOO_MANY_REQUESTS, "quota-exceeded",
                    "This workspace has used its monthly token allowance.");
        }
    }

    boolean mayRetry(ModelCallFailed failure, int attempt) {
        return failure.retryable() && attempt < properties.maxAttempts();
    }

    /** Waits before another attempt: exponential from the first backoff, with jitter. */
    void pause(int attempt) {
        long base = properties.firstBackoff().toMillis() << Math.min(attempt - 1, 6);
        long jittered = (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble()));
        try {
            Thread.sleep(Duration.ofMillis(jittered));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallFailed("The model call was interrupted.", 0, false, e);
        }
    }
}
