package dev.custos.fakes;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

/**
 * Signs JWTs with RS256 under a key generated at start and published as a JWK set; a second key, never
 * published, forges signatures for a provider that misbehaves.
 */
final class JwtSigner {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair signingKey;
    private final KeyPair forgeryKey;
    private final String keyId = UUID.randomUUID().toString();

    JwtSigner() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.signingKey = generator.generateKeyPair();
            this.forgeryKey = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }

    /** The published key set: the signing key's public half. */
    Map<String, Object> jwks() {
        RSAPublicKey key = (RSAPublicKey) signingKey.getPublic();
        return Map.of("keys", List.of(Map.of("kty", "RSA", "use", "sig", "alg", "RS256", "kid", keyId,
                "n", B64URL.encodeToString(unsigned(key.getModulus().toByteArray())),
                "e", B64URL.encodeToString(unsigned(key.getPublicExponent().toByteArray())))));
    }

    /** A compact JWT of the claims, signed with the published key, or with the unpublished one when forged. */
    String sign(Map<String, Object> claims, boolean forged) {
        String header = B64URL.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "kid", keyId,
                "typ", "JWT")));
        String signed = header + "." + B64URL.encodeToString(JSON.writeValueAsBytes(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(forged ? forgeryKey.getPrivate() : signingKey.getPrivate());
            rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + B64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A big integer's bytes without the sign byte Java adds, as JWKs carry them. */
    private static byte[] unsigned(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
