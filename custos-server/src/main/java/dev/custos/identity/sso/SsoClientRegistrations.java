package dev.custos.identity.sso;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.custos.identity.sso.SsoProviders.Provider;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestTemplate;

/**
 * The registered identity providers as Spring Security's OAuth 2.0 client sees them: a registration per provider,
 * built from its discovery document and vault-held secret, kept until the provider changes or for an hour (so a
 * provider's moved endpoints are picked up). Authorization code with PKCE always, confidential or public client.
 * ID tokens are checked against the provider's published keys (signature, issuer, audience, expiry), fetched with
 * timeouts so a slow provider cannot hold a sign-in forever.
 */
@Component
class SsoClientRegistrations implements ClientRegistrationRepository, JwtDecoderFactory<ClientRegistration> {

    private static final Duration KEEP = Duration.ofHours(1);

    private record Built(ClientRegistration registration, Instant providerVersion, Instant builtAt) {
    }

    private final SsoProviders providers;
    private final SsoDiscovery discovery;
    private final Clock clock;
    private final Map<String, Built> registrations = new ConcurrentHashMap<>();
    private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();
    private final RestTemplate rest;

    SsoClientRegistrations(SsoProviders providers, SsoDiscovery discovery, Clock clock) {
        this.providers = providers;
        this.discovery = discovery;
        this.clock = clock;
        this.rest = new RestTemplate(timedRequests());
    }

    /** Requests to a provider (its keys, its token endpoint) with the same timeouts as discovery. */
    static JdkClientHttpRequestFactory timedRequests() {
        var factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(SsoDiscovery.TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build());
        factory.setReadTimeout(SsoDiscovery.TIMEOUT);
        return factory;
    }

    @Override
    public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
        Provider provider = providers.findByName(registrationId).filter(Provider::enabled).orElse(null);
        if (provider == null) {
            registrations.remove(registrationId);
            return null;
        }
        Instant now = clock.instant();
        Built built = registrations.get(registrationId);
        if (built != null && built.providerVersion().equals(provider.updatedAt())
                && built.builtAt().plus(KEEP).isAfter(now)) {
            return built.registration();
        }
        ClientRegistration registration;
        try {
            registration = build(provider);
        } catch (CustosException unavailable) {
            // An AuthenticationException, so both the redirect to the provider and the way back report it.
            throw new OAuth2AuthenticationException(new OAuth2Error("provider_unavailable"), unavailable);
        }
        registrations.put(registrationId, new Built(registration, provider.updatedAt(), now));
        return registration;
    }

    private ClientRegistration build(Provider provider) {
        Map<String, Object> configuration = discovery.configuration(provider.issuerUrl());
        String secret = providers.clientSecret(provider).orElse(null);
        return ClientRegistrations.fromOidcConfiguration(configuration)
                .registrationId(provider.name())
                .clientName(provider.label())
                .clientId(provider.clientId())
                .clientSecret(secret)
                .clientAuthenticationMethod(secret == null ? ClientAuthenticationMethod.NONE
                        : ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .scope(provider.scopes())
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .userNameAttributeName("sub")
                .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
                .build();
    }

    /** One decoder per provider and key location: a provider whose keys moved gets a new one. */
    @Override
    public JwtDecoder createDecoder(ClientRegistration registration) {
        String jwkSetUri = registration.getProviderDetails().getJwkSetUri();
        return decoders.computeIfAbsent(registration.getRegistrationId() + "|" + jwkSetUri + "|"
                + registration.getClientId(), key -> {
            List<SignatureAlgorithm> algorithms = signingAlgorithms(registration);
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).restOperations(rest)
                    .jwsAlgorithms(allowed -> allowed.addAll(algorithms)).build();
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
                    new OidcIdTokenValidator(registration)));
            decoder.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
            return decoder;
        });
    }

    /** The asymmetric algorithms the provider says it signs ID tokens with; RS256 when it says nothing. */
    private static List<SignatureAlgorithm> signingAlgorithms(ClientRegistration registration) {
        Object listed = registration.getProviderDetails().getConfigurationMetadata()
                .get("id_token_signing_alg_values_supported");
        List<SignatureAlgorithm> algorithms = listed instanceof List<?> names ? names.stream()
                .map(name -> SignatureAlgorithm.from(String.valueOf(name))).filter(Objects::nonNull).toList()
                : List.of();
        return algorithms.isEmpty() ? List.of(SignatureAlgorithm.RS256) : algorithms;
    }
}
