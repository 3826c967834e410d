package dev.custos.fakes;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a fake OAuth 2 authorization server remembers: the codes it issued (bound to a client, a redirect URI, a
 * PKCE challenge and a resource), the access tokens with their expiry, and refresh tokens, each good once.
 */
final class OAuthGrants {

    /** The tokens issued for a redeemed grant. */
    record Issued(String accessToken, String refreshToken, long expiresIn) {
    }

    /** What a token request came to: tokens, or the OAuth error code. */
    record Result(Issued issued, String error) {
        static Result refused(String error) {
            return new Result(null, error);
        }
    }

    private record Code(String clientId, String redirectUri, String challenge, String resource) {
    }

    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Boolean> refreshTokens = new ConcurrentHashMap<>();
    private final String tokenPrefix;
    private volatile long lifetimeSeconds; // 0: tokens never expire, and no refresh token is issued

    OAuthGrants(String tokenPrefix) {
        this.tokenPrefix = tokenPrefix;
    }

    void lifetime(long seconds) {
        lifetimeSeconds = seconds;
    }

    void expireAll() {
        accessTokens.replaceAll((token, until) -> Instant.EPOCH);
    }

    boolean valid(String token) {
        Instant until = accessTokens.get(token);
        return until != null && Instant.now().isBefore(until);
    }

    int refreshes() {
        return (int) refreshTokens.values().stream().filter(used -> used).count();
    }

    String issueCode(String clientId, String redirectUri, String challenge, String resource) {
        String code = Exchanges.random("code-");
        codes.put(code, new Code(clientId, redirectUri, challenge, resource));
        return code;
    }

    /**
     * Redeems a code (with its redirect URI, verifier and resource) or a refresh token for a client already
     * authenticated; a refresh token is good once, and the answer carries a new one.
     */
    Result redeem(Map<String, String> params, String clientId) {
        switch (params.getOrDefault("grant_type", "authorization_code")) {
            case "authorization_code" -> {
                Code code = codes.remove(params.getOrDefault("code", ""));
                if (code == null || !code.redirectUri().equals(params.getOrDefault("redirect_uri", ""))
                        || !code.clientId().equals(clientId)) {
                    return Result.refused("invalid_grant");
                }
                if (code.resource() != null && !code.resource().equals(params.get("resource"))) {
                    return Result.refused("invalid_target"); // RFC 8707: the token is for the resource consented to
                }
                if (code.challenge() != null && !code.challenge().equals(Exchanges.s256(params.getOrDefault(
                        "code_verifier", "")))) {
                    return Result.refused("invalid_grant");
                }
            }
            case "refresh_token" -> {
                if (!refreshTokens.replace(params.getOrDefault("refresh_token", ""), false, true)) {
                    return Result.refused("invalid_grant"); // unknown, or redeemed before
                }
            }
            default -> {
                return Result.refused("unsupported_grant_type");
            }
        }
        String access = Exchanges.random(tokenPrefix);
        long lifetime = lifetimeSeconds;
        accessTokens.put(access, lifetime == 0 ? Instant.MAX : Instant.now().plusSeconds(lifetime));
        String refresh = null;
        if (lifetime > 0) {
            refresh = Exchanges.random("refresh-");
            refreshTokens.put(refresh, false);
        }
        return new Result(new Issued(access, refresh, lifetime), null);
    }
}
