package dev.custos.model;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.platform.PersonId;
import dev.custos.platform.ProviderId;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.usage.UsageRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Embeddings from a provider ({@code provider/model}, an OpenAI-compatible {@code /embeddings}), under the same
 * rules as a chat call: the workspace must allow the provider (and its zero-retention rule holds), a person whose
 * processing is restricted is not processed, the monthly allowance counts, personal values are replaced first
 * where the workspace requires it, and every call is metered to the person it serves and audited.
 */
@Service
public class ModelEmbeddings {

    /** OpenAI's own bound on a request's inputs. */
    private static final int MAX_INPUTS = 2048;

    private final WorkspaceModels workspaceModels;
    private final ModelProviders providers;
    private final ModelGateway gateway;
    private final CallGuards guards;
    private final CallRecords records;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Clock clock;

    ModelEmbeddings(WorkspaceModels workspaceModels, ModelProviders providers, ModelGateway gateway,
                    CallGuards guards, CallRecords records, Accounts accounts, AuditLog audit,
                    Clock clock) {
        this.workspaceModels = workspaceModels;
        this.providers = providers;
        this.gateway = gateway;
        this.guards = guards;
        this.records = records;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * One embedding call on someone's behalf.
     *
     * @param apiKeyId   the key the call came with, if any, for metering
     * @param callId     identifies the call in metering and the audit log
     * @param dimensions the vectors' length, for models that can shorten them; null for the model's own
     * @param endUser    the end user's pseudonym for the provider, or null
     */
    public record EmbeddingCall(WorkspaceId workspace, PersonId person, @Nullable UUID apiKeyId, UUID callId,
                                String model, List<String> inputs, @Nullable Integer dimensions,
                                @Nullable String endUser) {
        public EmbeddingCall {
            inputs = List.copyOf(inputs);
        }
    }

    /** Refuses a model the workspace may not send content to, as if it did not exist. */
    public void requireAllowed(WorkspaceId workspace, String modelId) {
        permitted(workspaceModels.rules(workspace), gateway.named(modelId));
    }

    private ProviderEntry permitted(WorkspaceRules rules, ModelChoice choice) {
        return workspaceModels.permittedProvider(rules, new ProviderId(choice.provider().id()), choice.model());
    }

    /**
     * The inputs' vectors, in order, on the person's behalf.
     *
     * @throws ModelCallFailed when the provider failed after the attempts allowed
     */
    public List<float[]> embed(WorkspaceId workspace, PersonId person, String modelId, List<String> inputs) {
        return embed(new EmbeddingCall(workspace, person, null, UUID.randomUUID(), modelId, inputs, null, null))
                .vectors();
    }

    /**
     * The call's vectors, in order, with the tokens the provider counted.
     *
     * @throws ModelCallFailed when the provider failed after the attempts allowed
     */
    public ModelProvider.Embeddings embed(EmbeddingCall call) {
        if (call.inputs().isEmpty() || call.inputs().size() > MAX_INPUTS) {
            throw CustosException.invalid("invalid-request", "Send between 1 and " + MAX_INPUTS + " inputs.")
                    .with(CustosException.PARAM, "input");
        }
        WorkspaceId workspace = call.workspace();
        accounts.requireProcessingAllowed(call.person()); // DR-05
        ModelChoice choice = gateway.named(call.model());
        WorkspaceRules rules = workspaceModels.rules(workspace);
        ProviderEntry provider = permitted(rules, choice);
        guards.checkQuota(workspace, rules.settings());
        Redaction redaction = rules.settings().redaction() ? new Redaction(rules.settings().phoneRegion()) : null;
        List<String> sent = redaction == null ? call.inputs() : call.inputs().stream().map(redaction::redact).toList();
        ModelProvider adapter = providers.adapter(provider);
        var request = new ModelProvider.EmbeddingRequest(choice.model(), sent, call.dimensions(), call.endUser());
        Instant started = clock.instant();
        for (int attempt = 1; ; attempt++) {
            try {
                ModelProvider.Embeddings embeddings = adapter.embed(request);
                AuditEvent embedded = event(call, provider, choice, attempt).with("inputs", "" + sent.size())
                        .with("input_tokens", "" + embeddings.inputTokens());
                records.write(new UsageRecord(workspace, call.callId(), started, call.person(), null,
                        call.apiKeyId(), null, provider.id(), choice.model(), embeddings.inputTokens(), 0, 0), embedded);
                return embeddings;
            } catch (ModelCallFailed failure) {
                if (!guards.mayRetry(failure, attempt)) {
                    audit.record(event(call, provider, choice, attempt).with("status", "" + failure.status())
                            .outcome(AuditEvent.Outcome.FAILURE));
                    throw failure;
                }
                guards.pause(attempt);
            }
        }
    }

    private static AuditEvent event(EmbeddingCall call, ProviderEntry provider, ModelChoice choice, int attempts) {
        AuditEvent event = AuditEvent.of(call.workspace(), call.person(), "model.embedded")
                .with("provider", provider.id().toString()).with("model", choice.model())
                .with("attempts", "" + attempts).on("model_call", call.callId());
        return call.apiKeyId() == null ? event : event.viaApiKey(call.apiKeyId());
    }
}
