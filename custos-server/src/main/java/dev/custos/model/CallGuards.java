package dev.custos.model;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;

import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.usage.Entitlements;
import dev.custos.usage.Limit;
import dev.custos.usage.Metering;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** What every call to a provider goes through, chat or embeddings: the workspace's allowance, and the backoff. */
@Component
class CallGuards {

    private final Metering metering;
    private final Entitlements entitlements;
    private final ModelProperties properties;
    private final Clock clock;

    CallGuards(Metering metering, Entitlements entitlements, ModelProperties properties, Clock clock) {
        this.metering = metering;
        this.entitlements = entitlements;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Refuses a call once the workspace has used its monthly token allowance: the one its admins set or its plan's,
     * whichever is lower. Checked before each call from the month's counter, so a call in flight when the
     * allowance runs out (or the plan changes) is the most that can pass it.
     */
    void checkQuota(WorkspaceId workspace, WorkspaceModels.Settings settings) {
        Long own = settings.monthlyTokenLimit();
        Long plan = entitlements.limit(workspace, Limit.MONTHLY_TOKENS);
        if (own == null && plan == null) {
            return;
        }
        long limit = Math.min(own == null ? Long.MAX_VALUE : own, plan == null ? Long.MAX_VALUE : plan);
        if (metering.tokensIn(workspace, YearMonth.now(clock.withZone(ZoneOffset.UTC))) >= limit) {
            throw new CustosException(HttpStatus.TOO_MANY_REQUESTS, "quota-exceeded",
                    "This workspace has used its monthly token allowance" + (plan != null && plan == limit
                            ? " (its plan's)." : "."));
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
