package dev.custos.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;

/** What an administrator registers or changes; a null API key on update keeps the stored one. */
public record ProviderRegistration(String name, String label, ProviderKind kind, @Nullable String baseUrl,
                                   @Nullable String apiKey, String region, boolean zeroRetention, boolean mayTrain,
                                   List<String> models) {

    /** Refuses, with the reason, a registration the registry cannot take. */
    void check() {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw CustosException.invalid("invalid-provider-name",
                    "name must be lower-case letters, digits and dashes, at most 40.");
        }
        if (kind == ProviderKind.SCRIPTED) {
            throw CustosException.invalid("unknown-provider-kind", "The offline model is built in; it is not registered.");
        }
        URI uri;
        try {
            uri = baseUrl == null ? null : new URI(baseUrl);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw CustosException.invalid("invalid-base-url", "baseUrl must be an http(s) URL, e.g. "
                    + "https://api.example.com/v1.");
        }
        if (models.isEmpty() || models.stream().anyMatch(model -> model.isBlank() || model.length() > 200)) {
            throw CustosException.invalid("invalid-models", "List at least one model by its provider's name for it.");
        }
    }

    @Override
    public String toString() {
        return "ProviderRegistration[" + name + ", " + kind + "]"; // never the key
    }
}
