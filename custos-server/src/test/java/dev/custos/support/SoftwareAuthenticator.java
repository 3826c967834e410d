package dev.custos.support;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A platform authenticator in software, together with the browser's part of the ceremony, written from the W3C
 * WebAuthn specification (§6.1 authenticator data, §6.5 attestation with format "none", §7 client data) and
 * independent of the server's WebAuthn library: its own CBOR, the JDK's P-256 keys and ECDSA. It answers the
 * options Custos sends the way {@code navigator.credentials.create()} / {@code .get()} and
 * {@code PublicKeyCredential.toJSON()} would, so a test goes through the real ceremony, signatures included.
 */
public final class SoftwareAuthenticator {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final int UP = 0x01;
    private static final int UV = 0x04;
    private static final int AT = 0x40;

    private final String origin;
    private final KeyPair key;
    private final byte[] credentialId = new byte[16];
    private byte[] userHandle = new byte[0];
    private String rpId = "";
    private int counter;
    private boolean verifiesUser = true;

    /** A device used from this origin (what the browser puts in client data). */
    public SoftwareAuthenticator(String origin) {
        this.origin = origin;
        new SecureRandom().nextBytes(credentialId);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.key = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of this device's credential, with its own counter: as a cloned authenticator would be. */
    public SoftwareAuthenticator cloneWithCounter(int cloneCounter) {
        var clone = new SoftwareAuthenticator(origin, key, credentialId);
        clone.userHandle = userHandle;
        clone.rpId = rpId;
        clone.counter = cloneCounter;
        return clone;
    }

    private SoftwareAuthenticator(String origin, KeyPair key, byte[] credentialId) {
        this.origin = origin;
        this.key = key;
        System.arraycopy(credentialId, 0, this.credentialId, 0, credentialId.length);
    }

    /** From now on the device does not verify the person (no PIN or biometrics): the UV flag stays off. */
    public SoftwareAuthenticator withoutUserVerification() {
        verifiesUser = false;
        return this;
    }

    /** {@code navigator.credentials.create({publicKey: options})}, then {@code toJSON()}. */
    public ObjectNode register(JsonNode options) {
        rpId = options.path("rp").path("id").asString();
        userHandle = B64URL_DECODER.decode(options.path("user").path("id").asString());
        byte[] clientData = clientData("webauthn.create", options.path("challenge").asString());
        var attested = new ByteArrayOutputStream();
        attested.writeBytes(new byte[16]); // AAGUID: none
        attested.write(credentialId.length >> 8);
        attested.write(credentialId.length);
        attested.writeBytes(credentialId);
        attested.writeBytes(coseKey());
        byte[] authData = authenticatorData(UP | (verifiesUser ? UV : 0) | AT, attested.toByteArray());
        var attestation = new Cbor().map(3).text("fmt").text("none").text("attStmt").map(0)
                .text("authData").bytes(authData).toByteArray();
        ObjectNode credential = credential();
        credential.putObject("response").put("clientDataJSON", B64URL.encodeToString(clientData))
                .put("attestationObject", B64URL.encodeToString(attestation))
                .putArray("transports").add("internal");
        credential.putObject("clientExtensionResults").putObject("credProps").put("rk", true);
        return credential;
    }

    /** {@code navigator.credentials.get({publicKey: options})}, then {@code toJSON()}. */
    public ObjectNode signIn(JsonNode options) {
        return signIn(options, origin);
    }

    /** The same, as if the browser were on another site (a phishing page relaying the challenge). */
    public ObjectNode signIn(JsonNode options, String fromOrigin) {
        byte[] clientData = clientData("webauthn.get", options.path("challenge").asString(), fromOrigin);
        counter++;
        byte[] authData = authenticatorData(UP | (verifiesUser ? UV : 0), new byte[0]);
        byte[] signature;
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(key.getPrivate());
            ecdsa.update(authData);
            ecdsa.update(sha256(clientData));
            signature = ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        ObjectNode credential = credential();
        credential.putObject("response").put("clientDataJSON", B64URL.encodeToString(clientData))
                .put("authenticatorData", B64URL.encodeToString(authData))
                .put("signature", B64URL.encodeToString(signature))
                .put("userHandle", B64URL.encodeToString(userHandle));
        credential.putObject("clientExtensionResults");
        return credential;
    }

    /** The id Custos names this credential by. */
    public String credentialId() {
        return B64URL.encodeToString(credentialId);
    }

    /** An answer with one byte of its signature changed, as an attacker might try. */
    public static ObjectNode tampered(ObjectNode answer) {
        ObjectNode copy = answer.deepCopy();
        byte[] signature = B64URL_DECODER.decode(copy.path("response").path("signature").asString());
        signature[signature.length - 1] ^= 0x01;
        ((ObjectNode) copy.get("response")).put("signature", B64URL.encodeToString(signature));
        return copy;
    }

    private ObjectNode credential() {
        ObjectNode credential = JSON.createObjectNode();
        credential.put("id", credentialId()).put("rawId", credentialId()).put("type", "public-key")
                .put("authenticatorAttachment", "platform");
        return credential;
    }

    private byte[] clientData(String type, String challenge) {
        return clientData(type, challenge, origin);
    }

    private static byte[] clientData(String type, String challenge, String origin) {
        ObjectNode data = JSON.createObjectNode().put("type", type).put("challenge", challenge).put("origin", origin)
                .put("crossOrigin", false);
        return JSON.writeValueAsBytes(data);
    }

    /** §6.1: rpIdHash, flags, signCount, then attested credential data when there is any. */
    private byte[] authenticatorData(int flags, byte[] attested) {
        return ByteBuffer.allocate(37 + attested.length).put(sha256(rpId.getBytes(StandardCharsets.UTF_8)))
                .put((byte) flags).putInt(counter).put(attested).array();
    }

    /** The public key as a COSE_Key: EC2, ES256, P-256, x and y. */
    private byte[] coseKey() {
        ECPublicKey publicKey = (ECPublicKey) key.getPublic();
        return new Cbor().map(5).integer(1).integer(2).integer(3).integer(-7).integer(-1).integer(1)
                .integer(-2).bytes(coordinate(publicKey.getW().getAffineX()))
                .integer(-3).bytes(coordinate(publicKey.getW().getAffineY())).toByteArray();
    }

    private static byte[] coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
        return fixed;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The few CBOR items (RFC 8949) WebAuthn needs: integers, byte and text strings, maps. */
    private static final class Cbor {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Cbor integer(long value) {
            return value >= 0 ? head(0, value) : head(1, -1 - value);
        }

        Cbor bytes(byte[] value) {
            head(2, value.length);
            out.writeBytes(value);
            return this;
        }

        Cbor text(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            head(3, utf8.length);
            out.writeBytes(utf8);
            return this;
        }

        Cbor map(int entries) {
            return head(5, entries);
        }

        private Cbor head(int major, long value) {
            if (value < 24) {
                out.write(major << 5 | (int) value);
            } else if (value < 0x100) {
                out.write(major << 5 | 24);
                out.write((int) value);
            } else if (value < 0x10000) {
                out.write(major << 5 | 25);
                out.write((int) (value >> 8));
                out.write((int) value);
            } else {
                out.write(major << 5 | 26);
                out.writeBytes(ByteBuffer.allocate(4).putInt((int) value).array());
            }
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
