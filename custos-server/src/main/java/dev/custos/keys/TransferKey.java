package dev.custos.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;

/**
 * The key two installations' administrators pass between them to move a workspace: 32 random bytes. As an
 * {@link Aead} (AES-256-GCM, a random 96-bit nonce ahead of the ciphertext) it seals single keys and secrets; as a
 * stream (Tink's AES-256-GCM-HKDF, 1 MB segments) it seals the whole move package. It opens nothing else.
 */
final class TransferKey implements Aead {

    private static final byte[] PACKAGE = "custos-workspace-move-1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key;

    TransferKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("A transfer key is 32 bytes.");
        }
        this.key = key.clone();
    }

    static byte[] random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, associatedData).doFinal(plaintext);
        return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        if (ciphertext.length < 12 + 16) {
            throw new GeneralSecurityException("too short");
        }
        byte[] nonce = Arrays.copyOf(ciphertext, 12);
        return cipher(Cipher.DECRYPT_MODE, nonce, associatedData).doFinal(ciphertext, 12, ciphertext.length - 12);
    }

    /** What is written to the stream, sealed into {@code out}; closing it completes the package. */
    OutputStream sealing(OutputStream out) throws IOException {
        try {
            return streaming().newEncryptingStream(out, PACKAGE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The package could not be sealed", e);
        }
    }

    /** The package opened; reading fails on any changed byte or another key. */
    InputStream opening(InputStream in) throws IOException {
        try {
            return streaming().newDecryptingStream(in, PACKAGE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The package could not be opened", e);
        }
    }

    private StreamingAead streaming() throws GeneralSecurityException {
        var parameters = AesGcmHkdfStreamingParameters.builder().setKeySizeBytes(32).setDerivedAesGcmKeySizeBytes(32)
                .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
                .setCiphertextSegmentSizeBytes(1 << 20).build();
        return AesGcmHkdfStreaming.create(AesGcmHkdfStreamingKey.create(parameters,
                SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get())));
    }

    private Cipher cipher(int mode, byte[] nonce, byte[] associatedData) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(associatedData);
        return cipher;
    }
}
