package dev.custos.model;

import java.util.List;

import dev.custos.privacy.DataRecipients;
import org.springframework.stereotype.Component;

/** The registered model providers, as recipients of the content sent to them (the offline model is none). */
@Component
class ModelRecipients implements DataRecipients {

    private final ModelProviders providers;

    ModelRecipients(ModelProviders providers) {
        this.providers = providers;
    }

    @Override
    public List<Recipient> recipients() {
        return providers.list().stream().filter(provider -> !provider.offline())
                .map(provider -> new Recipient(provider.label(), "AI model provider: receives the prompts and "
                        + "tool results of agent runs and gateway calls of workspaces that allow it",
                        provider.region(), provider.zeroRetention(), provider.mayTrain()))
                .toList();
    }
}
