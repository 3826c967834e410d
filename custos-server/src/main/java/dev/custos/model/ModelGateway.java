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
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.usage.Entitlements;
import dev.custos.usage.Feature;
import dev.custos.usage.UsageRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The one path every model call takes: allowlist → quota → redaction → provider (with its zero-retention
 * fields, retried while nothing has streamed yet, or handed to a route's next target) → placeholders restored in
 * the stream → metered once → audited.
 */
@Service
public class ModelGateway {

    /**
     * One model call on someone's behalf.
     *
     * @param callId    identifies the call for metering: the same id is metered once, however often it is retried
     * @param redact    replace personal values even where the workspace does not require it (an agent's setting)
     * @param options   the caller's parameters (the gateway's clients); agents call with the defaults
     * @param route     the workspace's model route the call was addressed to, or null for a model named directly
     * @param fallbacks where to try next, in order, when the provider fails with a rate limit, a server error or no
     *                  answer before anything reached the caller (a route's other targets)
     */
    public record ModelCall(WorkspaceId workspace, PersonId person, @Nullable UUID apiKeyId, @Nullable UUID agentId,
                            @Nullable UUID sessionId, UUID callId, UUID providerId, String model,
                            List<ChatRequest.Message> messages, @Nullable String toolsJson, boolean redact,
                            ChatRequest.Options options, @Nullable String route, List<ModelTarget> fallbacks) {
        public ModelCall {
            messages = List.copyOf(messages);
            fallbacks = List.copyOf(fallbacks);
        }

        public ModelCall(WorkspaceId workspace, PersonId person, @Nullable UUID apiKeyId, @Nullable UUID agentId,
                         @Nullable UUID sessionId, UUID callId, UUID providerId, String model,
                         List<ChatRequest.Message> messages, @Nullable String toolsJson, boolean redact) {
            this(workspace, person, apiKeyId, agentId, sessionId, callId, providerId, model, messages, toolsJson,
                    redact, ChatRequest.Options.DEFAULT, null, List.of());
        }

        /** The provider's model tried first, then the fallbacks. */
        List<ModelTarget> targets() {
            List<ModelTarget> targets = new ArrayList<>(1 + fallbacks.size());
            targets.add(new ModelTarget(providerId, model));
            targets.addAll(fallbacks);
            return targets;
        }
    }

    /** What a completed call produced, with placeholders already restored. */
    public record Completion(String text, List<ChatEvent.ToolCall> toolCalls, long inputTokens, long outputTokens,
                             String finishReason) {
    }

    private final WorkspaceModels workspaceModels;
    private final ModelProviders providers;
    private final CallRecords records;
    private final AuditLog audit;
    private final CallGuards guards;
    private final Clock clock;
    private final Accounts accounts;
    private final ModelRoutes routes;
    private final RoutingTelemetry telemetry;
    private final Entitlements entitlements;

    ModelGateway(WorkspaceModels workspaceModels, ModelProviders providers, CallRecords records, AuditLog audit,
                 CallGuards guards, Clock clock, Accounts accounts, ModelRoutes routes,
                 RoutingTelemetry telemetry, Entitlements entitlements) {
        this.entitlements = entitlements;
        this.routes = routes;
        this.telemetry = telemetry;
        this.accounts = accounts;
        this.workspaceModels = workspaceModels;
        this.providers = providers;
        this.records = records;
        this.audit = audit;
        this.guards = guards;
        this.clock = clock;
    }

    /** The models a workspace may call now: allowed providers that meet its rules. */
    public List<ModelChoice> choices(WorkspaceId workspace) {
        WorkspaceRules rules = workspaceModels.rules(workspace);
        return providers.list().stream()
                .filter(rules::permits)
                .flatMap(provider -> java.util.stream.Stream.concat(provider.models().stream(),
                                rules.privateModels().stream().filter(own -> own.providerId().equals(provider.id()))
                                        .map(ModelTarget::model).sorted())
                        .map(model -> new ModelChoice(provider.name() + "/" + model, provider, model)))
                .toList();
    }

    /**
     * Names a model by {@code provider/model} for a call. Only the registry is consulted here; whether the
     * workspace may use it is decided by {@link #call}, so a call costs one look at the workspace's rules.
     */
    public ModelChoice named(String id) {
        return providers.choice(id).orElseThrow(WorkspaceModels::modelNotFound);
    }

    /** Where a client's model name sends a call: {@code provider/model}, or a route of the workspace's. */
    public CallDestination destination(WorkspaceId workspace, String name) {
        if (name.contains("/")) {
            ModelChoice choice = named(name);
            return new CallDestination(null, List.of(new ModelTarget(choice.provider().id(), choice.model())));
        }
        List<ModelRoutes.StoredTarget> targets = routes.targets(workspace, name)
                .filter(stored -> !stored.isEmpty()).orElseThrow(WorkspaceModels::modelNotFound);
        return new CallDestination(name, routes.plan(targets).stream().map(ModelRoutes.StoredTarget::target).toList());
    }

    /**
     * Makes the call, handing each event on as it streams (text already restored), and returns the whole.
     *
     * @throws CustosException   when the workspace's rules refuse the call (provider not allowed, quota spent)
     * @throws ModelCallFailed   when the provider failed after the attempts allowed
     */
    public Completion call(ModelCall call, Consumer<ChatEvent> events) {
        accounts.requireProcessingAllowed(call.person()); // DR-05: a restricted person's data is not processed
        WorkspaceRules rules = workspaceModels.rules(call.workspace());
        WorkspaceModels.Settings settings = rules.settings();
        List<Permitted> targets = permitted(rules, call);
        guards.checkQuota(call.workspace(), settings);
        Redaction redaction = settings.redaction() || call.redact() ? new Redaction(settings.phoneRegion()) : null;
        List<ChatRequest.Message> messages = redaction == null ? call.messages()
                : call.messages().stream().map(message -> redacted(message, redaction)).toList();
        Instant started = clock.instant();
        int attempts = 0;
        for (int index = 0; index < targets.size(); index++) {
            Permitted target = targets.get(index);
            boolean fallbackLeft = index < targets.size() - 1;
            ChatRequest request = new ChatRequest(target.model(), messages, call.toolsJson(), call.options());
            ModelProvider adapter = providers.adapter(target.provider());
            for (int attempt = 1; ; attempt++) {
                attempts++;
                var collected = new CallCollector(events, redaction);
                long began = System.nanoTime();
                try {
                    adapter.stream(request, collected);
                    telemetry.record(target.target(), RoutingTelemetry.Outcome.SUCCEEDED,
                            collected.firstAnswerAfter(began));
                    Completion completion = collected.completion();
                    AuditEvent called = event(call, "model.called", target, attempts)
                            .with("input_tokens", "" + completion.inputTokens())
                            .with("output_tokens", "" + completion.outputTokens())
                            .with("redacted_values", "" + (redaction == null ? 0 : redaction.replacedValues()));
                    records.write(new UsageRecord(call.workspace(), call.callId(), started, call.person(),
                            call.agentId(), call.apiKeyId(), call.sessionId(), target.provider().id(), target.model(),
                            completion.inputTokens(), completion.outputTokens(), completion.toolCalls().size()), called);
                    return completion;
                } catch (ModelCallFailed failure) {
                    telemetry.record(target.target(), RoutingTelemetry.Outcome.of(failure),
                            collected.firstAnswerAfter(began));
                    // Once text has reached the caller, another attempt would repeat it: only a clean start is
                    // retried, or handed to the next target.
                    boolean cleanStart = !collected.forwardedAny && failure.retryable();
                    if (cleanStart && fallbackLeft) {
                        break;
                    }
                    if (!cleanStart || !guards.mayRetry(failure, attempt)) {
                        audit.record(event(call, "model.called", target, attempts)
                                .with("status", "" + failure.status()).outcome(AuditEvent.Outcome.FAILURE));
                        throw failure;
                    }
                    guards.pause(attempt);
                }
            }
        }
        throw new IllegalStateException("unreachable: the last target either answers or throws");
    }

    /** A target the workspace may send the call to, with its registry entry. */
    private record Permitted(ProviderEntry provider, String model) {
        ModelTarget target() {
            return new ModelTarget(provider.id(), model);
        }
    }

    /**
     * The call's targets the workspace's rules permit, in order. A route's target the workspace no longer allows is
     * passed over; a call with none left is refused as if the model did not exist (AI-02, AI-03).
     */
    private List<Permitted> permitted(WorkspaceRules rules, ModelCall call) {
        List<Permitted> permitted = new ArrayList<>();
        for (ModelTarget target : call.targets()) {
            workspaceModels.permitted(rules, new ProviderId(target.providerId()), target.model())
                    .ifPresent(provider -> permitted.add(new Permitted(provider, target.model())));
        }
        if (permitted.isEmpty()) {
            if (call.targets().stream().anyMatch(rules.withheld()::contains)) {
                entitlements.require(call.workspace(), Feature.PRIVATE_MODELS);
            }
            throw WorkspaceModels.modelNotFound();
        }
        return permitted;
    }

    private AuditEvent event(ModelCall call, String action, Permitted target, int attempts) {
        AuditEvent event = AuditEvent.of(call.workspace(), call.person(), action)
                .with("provider", target.provider().id().toString()).with("model", target.model())
                .with("attempts", "" + attempts);
        if (call.route() != null) {
            event = event.with("route", call.route());
        }
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
}
