package dev.custos.identity.sso;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Spring Security's OpenID Connect login, set up the way Custos needs it: registrations from the database, ID
 * token claims only (no userinfo call), provider requests with timeouts, no provider token kept after the
 * sign-in, and every outcome — including a failure before the redirect to the provider — handled by
 * {@link SsoSignIn}.
 */
@Component
public class SsoLogin {

    private final SsoClientRegistrations registrations;
    private final SsoSignIn signIn;

    SsoLogin(SsoClientRegistrations registrations, SsoSignIn signIn) {
        this.registrations = registrations;
        this.signIn = signIn;
    }

    public void configure(HttpSecurity http) throws Exception {
        var tokens = new RestClientAuthorizationCodeTokenResponseClient();
        tokens.setRestClient(RestClient.builder().requestFactory(SsoClientRegistrations.timedRequests())
                .configureMessageConverters(converters -> {
                    converters.addCustomConverter(new FormHttpMessageConverter());
                    converters.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter());
                })
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        var users = new OidcUserService();
        users.setRetrieveUserInfo(request -> false); // the ID token carries what Custos needs
        http.oauth2Login(login -> login
                .loginPage("/signin")
                .clientRegistrationRepository(registrations)
                .authorizedClientRepository(new NothingKept())
                .tokenEndpoint(endpoint -> endpoint.accessTokenResponseClient(tokens))
                .userInfoEndpoint(endpoint -> endpoint.oidcUserService(users))
                .successHandler(signIn)
                .failureHandler(signIn)
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(signIn); // instead of a bare 500
                        return filter;
                    }
                }));
    }

    /** The provider's access token served only to sign the person in: nothing keeps it. */
    private static final class NothingKept implements OAuth2AuthorizedClientRepository {
        @Override
        public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String registrationId,
                Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal,
                                         HttpServletRequest request, HttpServletResponse response) {
        }

        @Override
        public void removeAuthorizedClient(String registrationId, Authentication principal,
                                           HttpServletRequest request, HttpServletResponse response) {
        }
    }
}
