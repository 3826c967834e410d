package dev.custos.identity.sso;

import java.util.Map;

/**
 * Why a single sign-on failed, in words a person can act on. Reasons are the OAuth 2.0 / OpenID Connect error
 * codes Spring Security reports, or Custos's own; the sign-in page shows the message for the slug it is sent.
 */
public final class SsoErrors {

    private static final Map<String, String> SLUGS = Map.ofEntries(
            Map.entry("authorization_request_not_found", "state"),
            Map.entry("invalid_state_parameter", "state"),
            Map.entry("invalid_nonce", "nonce"),
            Map.entry("invalid_id_token", "token"),
            Map.entry("invalid_token_response", "provider"),
            Map.entry("invalid_user_info_response", "provider"),
            Map.entry("server_error", "provider"),
            Map.entry("temporarily_unavailable", "provider"),
            Map.entry("provider_unavailable", "provider"),
            Map.entry("access_denied", "denied"),
            Map.entry("email_unverified", "unverified"),
            Map.entry("account_disabled", "disabled"),
            Map.entry("client_registration_not_found", "unknown"),
            Map.entry("provider_removed", "unknown"));

    public static final Map<String, String> MESSAGES = Map.of(
            "state", "This sign-in was not started here, or it took too long. Start again from this page.",
            "nonce", "The identity provider's answer belongs to another sign-in, so it was refused. Start again.",
            "token", "The identity provider's token could not be verified (signature, issuer, audience or expiry), "
                    + "so it was refused.",
            "provider", "The identity provider could not be reached or answered wrongly. Try again later.",
            "denied", "The sign-in was cancelled at the identity provider.",
            "unverified", "Your identity provider has not confirmed your email address, so it cannot be used to "
                    + "find or create your account here.",
            "disabled", "This account is closed.",
            "unknown", "That identity provider is not offered here.",
            "other", "The sign-in with your identity provider failed. Try again, or sign in with your password.");

    private SsoErrors() {
    }

    static String slug(String reason) {
        return SLUGS.getOrDefault(reason, "other");
    }

    /** A reason fit for the audit log: a known code, or "other" (a provider's error code is not ours to copy). */
    static String auditable(String reason) {
        return SLUGS.containsKey(reason) ? reason : "other";
    }
}
