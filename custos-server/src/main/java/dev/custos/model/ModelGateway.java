package dev.custos.model;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.platform.PersonId;
import dev.custos.platform.ProviderId;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.usage.Metering;
import dev.custos.usage.UsageRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The one path every model call takes: allowlist → quota → redaction → provider (with its zero-retention
 * fields, retried while nothing has streamed yet) → placeholders restored in the stream → metered once → audited.
 */
@Service
public class ModelGateway {

    /**
     * One model call on someone's behalf.
     *
     * @param callId identifies the call for metering: the same id is metered once, however often it is retried
     * @param redact replace personal values even where the workspace does not require it (an agent's setting)
     * @param options the caller's parameters (the gateway's clients); agents call with the defaults
     */
    public record ModelCall(WorkspaceId workspace, PersonId person, @Nullable UUID apiKeyId, @Nullable UUID agentId,
                            @Nullable UUID sessionId, UUID callId, UUID providerId, String model,
                            List<ChatRequest.Message> messages, @Nullable String toolsJson, boolean redact,
                            ChatRequest.Options options) {
        public ModelCall {
            messages = List.copyOf(messages);
        }

        public ModelCall(WorkspaceId workspace, PersonId person, @Nullable UUID apiKeyId, @Nullable UUID agentId,
                         @Nullable UUID sessionId, UUID callId, UUID providerId, String model,
                         List<ChatRequest.Message> messages, @Nullable String toolsJson, boolean redact) {
            this(workspace, person, apiKeyId, agentId, sessionId, callId, providerId, model, messages, toolsJson,
                    redact, ChatRequest.Options.DEFAULT);
        }
    }

    /** What a completed call produced, with placeholders already restored. */
    public record Completion(String text, List<ChatEvent.ToolCall> toolCalls, long inputTokens, long outputTokens,
                             String finishReason) {
    }

    private final WorkspaceModels workspaceModels;
    private final ModelProviders providers;
    private final Metering metering;
    private final AuditLog audit;
    private final CallGuards guards;
    private final Clock clock;
    private final Tenancy tenancy;
    private final Accounts accounts;

    ModelGateway(WorkspaceModels workspaceModels, ModelProviders providers, Metering metering, AuditLog audit,
                 CallGuards guards, Clock clock, Tenancy tenancy, Accounts accounts) {
        this.tenancy = tenancy;
        this.accounts = accounts;
        this.workspaceModels = workspaceModels;
        this.providers = providers;
        this.metering = metering;
        this.audit = audit;
        this.guards = guards;
        this.clock = clock;
    }

    /** The models a workspace may call now: allowed providers that meet its rules. */
    public List<ModelChoice> choices(WorkspaceId workspace) {
        WorkspaceModels.Rules rules = workspaceModels.rules(workspace);
        return providers.list().stream()
                .filter(rules::permits)
                .flatMap(provider -> provider.models().stream()
                        .map(model -> new ModelChoice(provider.name() + "/" + model, provider, model)))
                .toList();
    }

    /**
     * Names a model by {@code provider/model} for a call. Only the registry is consulted here; whether the
     * workspace may use it is decided by {@link #call}, so a call costs one look at the workspace's rules.
     */
    public ModelChoice named(String id) {
        int slash = id.indexOf('/');
        return providers.findByName(slash < 0 ? id : id.substring(0, slash))
                .filter(provider -> slash > 0)
                .map(provider -> new ModelChoice(id, provider, id.substring(slash + 1)))
                .orElseThrow(WorkspaceModels::modelNotFound);
    }

    /**
     * Makes the call, handing each event on as it streams (text already restored), and returns the whole.
     *
     * @throws CustosException   when the workspace's rules refuse the call (provider not allowed, quota spent)
     * @throws ModelCallFailed   when the provider failed after the attempts allowed
     */
    public Completion call(ModelCall call, Consumer<ChatEvent> events) {
        accounts.requireProcessingAllowed(call.person()); // DR-05: a restricted person's data is not processed
        WorkspaceModels.Rules rules = workspaceModels.rules(call.workspace());
        WorkspaceModels.Settings settings = rules.settings();
        ProviderEntry provider = workspaceModels.permittedProvider(rules, new ProviderId(call.providerId()),
                call.model());
        guards.checkQuota(call.workspace(), settings);
        Redaction redaction = settings.redaction() || call.redact() ? new Redaction(settings.phoneRegion()) : null;
        ChatRequest request = new ChatRequest(call.model(), redaction == null ? call.messages()
                : call.messages().stream().map(message -> redacted(message, redaction)).toList(), call.toolsJson(),
                call.options());
        ModelProvider adapter = providers.adapter(provider);
        Instant started = clock.instant();
        for (int attempt = 1; ; attempt++) {
            var collected = new Collector(events, redaction);
            try {
                adapter.stream(request, collected);
                Completion completion = collected.completion();
                int attempts = attempt;
                tenancy.inWorkspace(call.workspace(), null, () -> { // metered and audited together, or neither
                    metering.record(new UsageRecord(call.workspace(), call.callId(), started, call.person(),
                            call.agentId(), call.apiKeyId(), call.sessionId(), provider.id(), call.model(),
                            completion.inputTokens(), completion.outputTokens(), completion.toolCalls().size()));
                    audit.record(event(call, "model.called", provider, attempts)
                            .with("input_tokens", "" + completion.inputTokens())
                            .with("output_tokens", "" + completion.outputTokens())
                            .with("redacted_values", "" + (redaction == null ? 0 : redaction.replacedValues())));
                });
                return completion;
            } catch (ModelCallFailed failure) {
                // Once text has reached the caller, a second attempt would repeat it: only a clean start is retried.
                if (collected.forwardedAny || !guards.mayRetry(failure, attempt)) {
                    audit.record(event(call, "model.called", provider, attempt)
                            .with("status", "" + failure.status()).outcome(AuditEvent.Outcome.FAILURE));
                    throw failure;
                }
                guards.pause(attempt);
            }
        }
    }

    private AuditEvent event(ModelCall call, String action, ProviderEntry provider, int attempts) {
        AuditEvent event = AuditEvent.of(call.workspace(), call.person(), action)
                .with("provider", provider.id().toString()).with("model", call.model())
                .with("attempts", "" + attempts);
        if (call.apiKeyId() != null) {
            event = event.viaApiKey(call.apiKeyId());
        }
        if (call.agentId() != null) {
            event = event.with("agent", call.agentId().toString());
        }
        return call.sessionId() == null ? event.on("model_call", call.callId()) : event.on("session", call.sessionId());
    }

    private static ChatRequest.Message redacted(ChatRequest.Message message, Redaction redaction) {
        List<ChatEvent.ToolCall> calls = message.toolCalls().stream()
                .map(call -> new ChatEvent.ToolCall(call.id(), call.name(), redaction.redact(call.argumentsJson())))
                .toList();
        return new ChatRequest.Message(message.role(), redaction.redact(message.content()), message.toolCallId(),
                calls);
    }

    /** Restores placeholders as text streams, forwards events and keeps what the completion needs. */
    private static final class Collector implements Consumer<ChatEvent> {
        private final Consumer<ChatEvent> downstream;
        private final @Nullable Redaction redaction;
        private final Redaction.@Nullable StreamingRestore restore;
        private final StringBuilder text = new StringBuilder();
        private final List<ChatEvent.ToolCall> toolCalls = new ArrayList<>();
        private long inputTokens;
        private long outputTokens;
        private String finishReason = "stop";
        boolean forwardedAny;

        Collector(Consumer<ChatEvent> downstream, @Nullable Redaction redaction) {
            this.downstream = downstream;
            this.redaction = redaction;
            this.restore = redaction == null ? null : redaction.streaming();
        }

        @Override
        public void accept(ChatEvent event) {
            switch (event) {
                case ChatEvent.TextDelta delta -> text(restore == null ? delta.text() : restore.accept(delta.text()));
                case ChatEvent.ToolCall call -> {
                    ChatEvent.ToolCall restored = redaction == null ? call
                            : new ChatEvent.ToolCall(call.id(), call.name(), redaction.restore(call.argumentsJson()));
                    toolCalls.add(restored);
                    forward(restored);
                }
                case ChatEvent.ToolCallDelta piece -> {
                    // Pieces may split a placeholder: with redaction, only the restored whole call is passed on.
                    if (redaction == null) {
                        forward(piece);
                    }
                }
                case ChatEvent.ResponseFields fields -> forward(fields);
                case ChatEvent.Usage usage -> {
                    // Some providers report usage more than once (Anthropic: input first, output later).
                    inputTokens = Math.max(inputTokens, usage.inputTokens());
                    outputTokens = Math.max(outputTokens, usage.outputTokens());
                    forward(usage);
                }
                case ChatEvent.Finished finished -> {
                    if (restore != null) {
                        text(restore.finish());
                    }
                    finishReason = finished.reason();
                    forward(finished);
                }
            }
        }

        private void text(String piece) {
            if (!piece.isEmpty()) {
                text.append(piece);
                forward(new ChatEvent.TextDelta(piece));
            }
        }

        private void forward(ChatEvent event) {
            forwardedAny = true;
            downstream.accept(event);
        }

        Completion completion() {
            return new Completion(text.toString(), List.copyOf(toolCalls), inputTokens, outputTokens, finishReason);
        }
    }
}
