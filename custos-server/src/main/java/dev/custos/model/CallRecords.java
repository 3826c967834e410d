package dev.custos.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.usage.Metering;
import dev.custos.usage.UsageRecord;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A finished model call's records — its usage (and with it the month's token counter) and its audit entry — written
 * by group commit: calls that finish while a batch is being written go into the next one, one transaction per
 * workspace per batch, so concurrent calls share a commit, the audit chain's head is locked once per batch and the
 * counter row updated once. {@link #write} returns only once the call's records are committed: a call's stream ends
 * after its records are durable, as before. A batch that fails is written again call by call, so that one bad
 * record fails its own call only.
 */
@Component
class CallRecords implements SmartLifecycle {

    private static final int MAX_BATCH = 256;

    private record Pending(UsageRecord usage, AuditEvent event, CompletableFuture<Void> written) {
    }

    private final Metering metering;
    private final AuditLog audit;
    private final Tenancy tenancy;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private final Counter calls;
    private final Counter tokensIn;
    private final Counter tokensOut;
    private volatile Thread writer;

    CallRecords(Metering metering, AuditLog audit, Tenancy tenancy, MeterRegistry meters) {
        // Operations (issue 19): counts only, no label names a workspace, person or model.
        this.calls = meters.counter("custos.model.calls");
        this.tokensIn = meters.counter("custos.model.tokens", "direction", "in");
        this.tokensOut = meters.counter("custos.model.tokens", "direction", "out");
        meters.gauge("custos.model.records.queued", queue, LinkedBlockingQueue::size);
        this.metering = metering;
        this.audit = audit;
        this.tenancy = tenancy;
    }

    /** Writes the call's usage and audit entry together, or neither; returns once they are committed. */
    void write(UsageRecord usage, AuditEvent event) {
        calls.increment();
        tokensIn.increment(usage.inputTokens());
        tokensOut.increment(usage.outputTokens());
        var pending = new Pending(usage, event, new CompletableFuture<>());
        queue.add(pending);
        if (!running) { // starting or stopping: no writer to wait for, so what is queued is written here
            writeWhatIsLeft();
        }
        try {
            pending.written().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofVirtual().name("custos-call-records").start(this::writeBatches);
    }

    @Override
    public void stop() {
        running = false;
        writer.interrupt();
        writeWhatIsLeft();
    }

    private void writeWhatIsLeft() {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        writeBatch(left);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void writeBatches() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            writeBatch(batch);
            batch.clear();
        }
    }

    private void writeBatch(List<Pending> batch) {
        Map<WorkspaceId, List<Pending>> byWorkspace = new LinkedHashMap<>();
        batch.forEach(pending -> byWorkspace.computeIfAbsent(pending.usage().workspace(), ws -> new ArrayList<>())
                .add(pending));
        byWorkspace.forEach((workspace, calls) -> {
            try {
                writeTogether(workspace, calls);
                calls.forEach(call -> call.written().complete(null));
            } catch (RuntimeException failed) {
                if (calls.size() == 1) {
                    calls.getFirst().written().completeExceptionally(failed);
                    return;
                }
                for (Pending call : calls) { // one by one: a bad record fails its own call only
                    try {
                        writeTogether(workspace, List.of(call));
                        call.written().complete(null);
                    } catch (RuntimeException e) {
                        call.written().completeExceptionally(e);
                    }
                }
            }
        });
    }

    private void writeTogether(WorkspaceId workspace, List<Pending> calls) {
        tenancy.inWorkspace(workspace, null, () -> { // metered and audited together, or neither
            for (Pending call : calls) {
                metering.record(call.usage());
                audit.record(call.event());
            }
        });
    }
}
