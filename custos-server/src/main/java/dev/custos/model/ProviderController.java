package dev.custos.model;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.platform.ProviderId;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The provider registry (installation administrators write it, every signed-in person reads it, never a key)
 * and each workspace's allowlist and model rules.
 */
@RestController
class ProviderController {

    private final ModelProviders providers;
    private final WorkspaceModels workspaceModels;
    private final Workspaces workspaces;

    ProviderController(ModelProviders providers, WorkspaceModels workspaceModels, Workspaces workspaces) {
        this.providers = providers;
        this.workspaceModels = workspaceModels;
        this.workspaces = workspaces;
    }

    record ModelProviderRequest(@NotBlank @Size(max = 40) String name, @NotBlank @Size(max = 100) String label,
                           @NotNull ProviderKind kind, @NotBlank @Size(max = 500) String baseUrl,
                           @Nullable @Size(max = 500) String apiKey, @NotBlank @Size(max = 40) String region,
                           @NotNull Boolean zeroRetention, @NotNull Boolean mayTrain,
                           @NotEmpty @Size(max = 200) List<String> models) {

        ProviderRegistration registration() {
            return new ProviderRegistration(name, label.strip(), kind, baseUrl.strip(),
                    apiKey == null || apiKey.isBlank() ? null : apiKey.strip(), region.strip(), zeroRetention,
                    mayTrain, models.stream().map(String::strip).toList());
        }

        @Override
        public String toString() {
            return "ModelProviderRequest[" + name + "]"; // never the key
        }
    }

    /**
     * A change of settings, read as a JSON merge patch (RFC 7396): a field left out keeps its current value, and
     * {@code "monthlyTokenLimit": null} removes the cap. A cap is a positive number of tokens; 0 is refused rather
     * than read as "no cap". A class, not a record, because a record cannot tell a field left out from a null.
     */
    static final class SettingsRequest {
        private @Nullable Boolean requireZeroRetention;
        private @Nullable Boolean redaction;
        private @Nullable String phoneRegion;
        private @Nullable Long monthlyTokenLimit;
        private boolean monthlyTokenLimitGiven;

        public void setRequireZeroRetention(@Nullable Boolean requireZeroRetention) {
            this.requireZeroRetention = requireZeroRetention;
        }

        public void setRedaction(@Nullable Boolean redaction) {
            this.redaction = redaction;
        }

        public void setPhoneRegion(@Nullable String phoneRegion) {
            this.phoneRegion = phoneRegion;
        }

        public void setMonthlyTokenLimit(@Nullable Long monthlyTokenLimit) {
            this.monthlyTokenLimit = monthlyTokenLimit;
            this.monthlyTokenLimitGiven = true;
        }

        public @Nullable Boolean getRequireZeroRetention() {
            return requireZeroRetention;
        }

        public @Nullable Boolean getRedaction() {
            return redaction;
        }

        public @Nullable String getPhoneRegion() {
            return phoneRegion;
        }

        public @Nullable Long getMonthlyTokenLimit() {
            return monthlyTokenLimit;
        }

        WorkspaceModels.Settings applyTo(WorkspaceModels.Settings current) {
            return new WorkspaceModels.Settings(
                    requireZeroRetention == null ? current.requireZeroRetention() : requireZeroRetention,
                    redaction == null ? current.redaction() : redaction,
                    phoneRegion == null ? current.phoneRegion() : phoneRegion,
                    monthlyTokenLimitGiven ? monthlyTokenLimit : current.monthlyTokenLimit());
        }
    }

    @GetMapping("/api/providers")
    List<ProviderEntry> list(Actor actor) {
        return providers.list();
    }

    @PostMapping("/api/providers")
    @ResponseStatus(HttpStatus.CREATED)
    ProviderEntry register(Actor actor, @Valid @RequestBody ModelProviderRequest request) {
        return providers.register(actor, request.registration());
    }

    @PutMapping("/api/providers/{providerId}")
    ProviderEntry update(Actor actor, @PathVariable UUID providerId, @Valid @RequestBody ModelProviderRequest request) {
        return providers.update(actor, new ProviderId(providerId), request.registration());
    }

    @DeleteMapping("/api/providers/{providerId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(Actor actor, @PathVariable UUID providerId) {
        providers.remove(actor, new ProviderId(providerId));
    }

    @GetMapping("/api/workspaces/{workspaceId}/providers")
    List<WorkspaceModels.AllowedProvider> allowed(Actor actor, @PathVariable UUID workspaceId) {
        return workspaceModels.providers(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }

    @PutMapping("/api/workspaces/{workspaceId}/providers/{providerId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void allow(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID providerId) {
        workspaceModels.allow(workspaces.access(actor, new WorkspaceId(workspaceId)), new ProviderId(providerId));
    }

    @DeleteMapping("/api/workspaces/{workspaceId}/providers/{providerId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void disallow(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID providerId) {
        workspaceModels.disallow(workspaces.access(actor, new WorkspaceId(workspaceId)), new ProviderId(providerId));
    }

    @GetMapping("/api/workspaces/{workspaceId}/model-settings")
    WorkspaceModels.Settings settings(Actor actor, @PathVariable UUID workspaceId) {
        return workspaceModels.settings(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }

    @PutMapping("/api/workspaces/{workspaceId}/model-settings")
    WorkspaceModels.Settings changeSettings(Actor actor, @PathVariable UUID workspaceId,
                                            @Valid @RequestBody SettingsRequest request) {
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        return workspaceModels.changeSettings(access, request.applyTo(workspaceModels.settings(access)));
    }
}
