package dev.custos.agent;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One thread per session at a time, and no wake-up lost. */
class OneRunAtATimeTest {

    @Test
    @DisplayName("requests while the work runs make it run once more, never twice at once; a later one starts anew")
    void coalescesWithoutLosingWakeUps() throws Exception {
        var runs = new OneRunAtATime();
        UUID session = UUID.randomUUID();
        AtomicInteger passes = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Runnable work = () -> {
            mostAtOnce.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            firstStarted.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            passes.incrementAndGet();
            concurrent.decrementAndGet();
        };
        runs.submit(session, work);
        assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 10; i++) {
            runs.submit(session, work);
        }
        release.countDown();
        await().until(() -> passes.get() == 2);
        await().during(java.time.Duration.ofMillis(200)).atMost(java.time.Duration.ofSeconds(2))
                .until(() -> passes.get() == 2); // ten wake-ups during a pass make one more pass, no third
        assertThat(mostAtOnce.get()).isEqualTo(1);
        runs.submit(session, work);
        await().until(() -> passes.get() == 3);
        runs.stop();
    }

    @Test
    @DisplayName("work that fails does not leave the session stuck: the next request runs it again")
    void failureDoesNotWedge() {
        var runs = new OneRunAtATime();
        UUID session = UUID.randomUUID();
        AtomicInteger calls = new AtomicInteger();
        runs.submit(session, () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        await().until(() -> calls.get() == 1);
        await().untilAsserted(() -> {
            runs.submit(session, calls::incrementAndGet);
            assertThat(calls.get()).isGreaterThanOrEqualTo(2);
        });
        runs.stop();
    }
}
