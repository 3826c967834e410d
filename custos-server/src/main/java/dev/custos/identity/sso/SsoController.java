package dev.custos.identity.sso;

import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.platform.PersonId;
import dev.custos.platform.web.CustosException;
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
 * Single sign-on through the API: the providers offered, finishing a sign-up a provider started, a person's
 * links, and the installation administrators' registry of providers. The sign-in itself is the browser's
 * redirect dance at {@code /oauth2/authorization/{name}}.
 */
@RestController
class SsoController {

    private final SsoProviders providers;
    private final SsoSignIn signIn;
    private final ExternalIdentities identities;

    SsoController(SsoProviders providers, SsoSignIn signIn, ExternalIdentities identities) {
        this.providers = providers;
        this.signIn = signIn;
        this.identities = identities;
    }

    record Offered(String name, String label, String signInUrl) {
    }

    record SsoProviderRequest(@NotBlank @Size(max = 40) String name, @NotBlank @Size(max = 60) String label,
                           @NotBlank @Size(max = 500) String issuerUrl, @NotBlank @Size(max = 200) String clientId,
                           @Nullable @Size(max = 4096) String clientSecret, @Nullable List<String> scopes,
                           @Nullable Boolean enabled) {
        @Override
        public String toString() {
            return "SsoProviderRequest[" + name + "]"; // never the secret
        }

        SsoProviders.Registration registration() {
            return new SsoProviders.Registration(name, label, issuerUrl, clientId, clientSecret, scopes, enabled);
        }
    }

    record Pending(String provider, String email, String name) {
    }

    record SignedUp(PersonId personId) {
    }

    @GetMapping("/api/auth/sso-providers")
    List<Offered> offered() {
        return providers.enabled().stream().map(provider -> new Offered(provider.name(), provider.label(),
                "/oauth2/authorization/" + provider.name())).toList();
    }

    @GetMapping("/api/auth/sign-up/sso")
    Pending pending(HttpServletRequest request) {
        return signIn.pending(request).map(p -> new Pending(p.providerLabel(), p.email(), p.name()))
                .orElseThrow(() -> CustosException.notFound("A sign-up started by an identity provider"));
    }

    @PostMapping("/api/auth/sign-up/sso")
    @ResponseStatus(HttpStatus.CREATED)
    SignedUp signUp(@Valid @RequestBody SsoSignIn.SignUpForm form, HttpServletRequest request,
                    HttpServletResponse response) {
        return new SignedUp(signIn.signUp(form, request, response));
    }

    @GetMapping("/api/me/sso-identities")
    List<ExternalIdentities.Linked> linked(Actor actor) {
        return identities.of(actor.requireSignedIn("Listing sign-in links").person());
    }

    @DeleteMapping("/api/me/sso-identities/{provider}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unlink(Actor actor, @PathVariable String provider) {
        if (!signIn.unlink(actor.requireSignedIn("Removing a sign-in link").person(), provider)) {
            throw CustosException.notFound("A link to that identity provider");
        }
    }

    @GetMapping("/api/admin/sso-providers")
    List<SsoProviders.Provider> list(Actor actor) {
        return providers.list(actor);
    }

    @PostMapping("/api/admin/sso-providers")
    @ResponseStatus(HttpStatus.CREATED)
    SsoProviders.Provider register(Actor actor, @Valid @RequestBody SsoProviderRequest request) {
        return providers.register(actor, request.registration());
    }

    @PutMapping("/api/admin/sso-providers/{id}")
    SsoProviders.Provider update(Actor actor, @PathVariable UUID id, @Valid @RequestBody SsoProviderRequest request) {
        return providers.update(actor, id, request.registration());
    }

    @DeleteMapping("/api/admin/sso-providers/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(Actor actor, @PathVariable UUID id) {
        providers.remove(actor, id);
    }
}
