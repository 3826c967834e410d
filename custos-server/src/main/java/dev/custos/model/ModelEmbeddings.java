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
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.usage.Metering;
import dev.custos.usage.UsageRecord;
import org.springframework.stereotype.Service;

/**
 * Embeddings from a provider ({@code provider/model}, an OpenAI-compatible {@code /embeddings}), under the same
 * rules as a chat call: the workspace must allow the provider (and its zero-retention rule holds), a person whose
 * processing is restricted is not processed, the monthly allowance counts, personal values are replaced first
 * where the workspace requires it, and every call is metered to the person it serves and audited.
 */
@Service
public class ModelEmbeddings {

    private static final int MAX_INPUTS = 64;

    private final WorkspaceModels workspaceModels;
    private final ModelProviders providers;
    private final ModelGateway gateway;
    private final CallGuards guards;
    private final Metering metering;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Tenancy tenancy;
    private final Clock clock;

    ModelEmbeddings(WorkspaceModels workspaceModels, ModelProviders providers, ModelGateway gateway,
                    CallGuards guards, Metering metering, Accounts accounts, AuditLog audit, Tenancy tenancy,
                    Clock clock) {
        this.workspaceModels = workspaceModels;
        this.providers = providers;
        this.gateway = gateway;
        this.guards = guards;
        this.metering = metering;
        this.accounts = accounts;
        this.audit = audit;
        this.tenancy = tenancy;
        this.clock = clock;
    }

    /** Refuses a model the workspace may not send content to, as if it did not exist. */
    public void requireAllowed(WorkspaceId workspace, String modelId) {
        ModelChoice choice = gateway.named(modelId);
        workspaceModels.permittedProvider(workspaceModels.rules(workspace), new ProviderId(choice.provider().id()), choice.model());
    }

    /**
     * The inputs' vectors, in order, on the person's behalf.
     *
     * @throws ModelCallFailed when the provider failed after the attempts allowed
     */
    public List<float[]> embed(WorkspaceId workspace, PersonId person, String modelId, List<String> inputs) {
        if (inputs.isEmpty() || inputs.size() > MAX_INPUTS) {
            throw new IllegalArgumentException("between 1 and " + MAX_INPUTS + " inputs");
        }
        accounts.requireProcessingAllowed(person); // DR-05
        ModelChoice choice = gateway.named(modelId);
        WorkspaceModels.Rules rules = workspaceModels.rules(workspace);
        ProviderEntry provider = workspaceModels.permittedProvider(rules, new ProviderId(choice.provider().id()), choice.model());
        guards.checkQuota(workspace, rules.settings());
        Redaction redaction = rules.settings().redaction() ? new Redaction(rules.settings().phoneRegion()) : null;
        List<String> sent = redaction == null ? inputs : inputs.stream().map(redaction::redact).toList();
        ModelProvider adapter = providers.adapter(provider);
        Instant started = clock.instant();
        for (int attempt = 1; ; attempt++) {
            try {
                ModelProvider.Embeddings embeddings = adapter.embed(choice.model(), sent);
                int attempts = attempt;
                tenancy.inWorkspace(workspace, null, () -> { // metered and audited together, or neither
                    metering.record(new UsageRecord(workspace, UUID.randomUUID(), started, person, null, null, null,
                            provider.id(), choice.model(), embeddings.inputTokens(), 0, 0));
                    audit.record(AuditEvent.of(workspace, person, "model.embedded")
                            .with("provider", provider.id().toString()).with("model", choice.model())
                            .with("inputs", "" + inputs.size()).with("input_tokens", "" + embeddings.inputTokens())
                            .with("attempts", "" + attempts));
                });
                return embeddings.vectors();
            } catch (ModelCallFailed failure) {
                if (!guards.mayRetry(failure, attempt)) {
                    audit.record(AuditEvent.of(workspace, person, "model.embedded")
                            .with("provider", provider.id().toString()).with("model", choice.model())
                            .with("status", "" + failure.status()).outcome(AuditEvent.Outcome.FAILURE));
                    throw failure;
                }
                guards.pause(attempt);
            }
        }
    }
}
