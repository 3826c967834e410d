package dev.custos.release;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Iterator;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.bouncycastle.util.encoders.Hex;

/**
 * The OpenPGP key a release is signed with: the operator's (an armored secret key file and its passphrase), or a
 * throwaway one made for this build only, which proves the signing works but vouches for nothing.
 */
public final class ReleaseKey {

    /** Names the operator's armored secret key file. */
    public static final String KEY_FILE = "CUSTOS_RELEASE_KEY_FILE";
    /** The passphrase that unlocks it (may be empty for a key without one). */
    public static final String PASSPHRASE = "CUSTOS_RELEASE_KEY_PASSPHRASE";
    static final String THROWAWAY_USER = "Custos throwaway release key (this build only; vouches for nothing)";

    private final PGPSecretKey secretKey;
    private final PGPPrivateKey privateKey;
    private final PGPPublicKeyRing publicKeys;
    private final boolean throwaway;

    private ReleaseKey(PGPSecretKey secretKey, PGPPrivateKey privateKey, PGPPublicKeyRing publicKeys,
                       boolean throwaway) {
        this.secretKey = secretKey;
        this.privateKey = privateKey;
        this.publicKeys = publicKeys;
        this.throwaway = throwaway;
    }

    /** The operator's key when {@value #KEY_FILE} is set, else a throwaway one (refused when one is required). */
    public static ReleaseKey fromEnvironment(boolean required) throws IOException, PGPException {
        String file = System.getenv(KEY_FILE);
        if (file == null || file.isBlank()) {
            if (required) {
                throw new IllegalStateException("A release must be signed with the operator's key: set " + KEY_FILE
                        + " to an armored OpenPGP secret key file and " + PASSPHRASE + " to its passphrase.");
            }
            return generateThrowaway();
        }
        String passphrase = System.getenv(PASSPHRASE);
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return operators(in, passphrase == null ? new char[0] : passphrase.toCharArray());
        }
    }

    /** The first signing key of an armored secret key ring, unlocked with its passphrase. */
    static ReleaseKey operators(InputStream armored, char[] passphrase) throws IOException, PGPException {
        var rings = new PGPSecretKeyRingCollection(PGPUtil.getDecoderStream(armored),
                new JcaKeyFingerprintCalculator());
        for (Iterator<PGPSecretKeyRing> it = rings.getKeyRings(); it.hasNext(); ) {
            PGPSecretKeyRing ring = it.next();
            for (PGPSecretKey key : ring) {
                if (key.isSigningKey() && !key.getPublicKey().hasRevocation()) {
                    PGPPrivateKey unlocked;
                    try {
                        unlocked = key.extractPrivateKey(new JcePBESecretKeyDecryptorBuilder()
                                .setProvider(BouncyCastle.provider()).build(passphrase));
                    } catch (PGPException e) {
                        throw new IllegalStateException("The release key does not open with the passphrase in "
                                + PASSPHRASE + ".");
                    }
                    return new ReleaseKey(key, unlocked, publicRing(ring), false);
                }
            }
        }
        throw new IllegalStateException("The file in " + KEY_FILE + " holds no OpenPGP key that can sign.");
    }

    /** A fresh RSA-3072 key that signs and certifies, held in memory only. */
    static ReleaseKey generateThrowaway() throws PGPException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", BouncyCastle.provider());
            generator.initialize(3072, new SecureRandom());
            PGPKeyPair pair = new JcaPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, generator.generateKeyPair(),
                    new Date());
            var flags = new PGPSignatureSubpacketGenerator();
            flags.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
            flags.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
            var sha1 = new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1);
            var rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, THROWAWAY_USER, sha1,
                    flags.generate(), null,
                    new JcaPGPContentSignerBuilder(pair.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512)
                            .setProvider(BouncyCastle.provider()), null);
            PGPSecretKeyRing ring = rings.generateSecretKeyRing();
            return new ReleaseKey(ring.getSecretKey(), pair.getPrivateKey(), rings.generatePublicKeyRing(), true);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("No RSA key generator is available.", e);
        }
    }

    private static PGPPublicKeyRing publicRing(PGPSecretKeyRing ring) {
        var keys = new java.util.ArrayList<PGPPublicKey>();
        ring.getPublicKeys().forEachRemaining(keys::add);
        return new PGPPublicKeyRing(keys);
    }

    PGPSecretKey secretKey() {
        return secretKey;
    }

    PGPPrivateKey privateKey() {
        return privateKey;
    }

    public PGPPublicKeyRing publicKeys() {
        return publicKeys;
    }

    /** Made for this build only: it signs, but vouches for nothing. */
    public boolean isThrowaway() {
        return throwaway;
    }

    /** The signing key's fingerprint in hex, as {@code gpg --fingerprint} shows it (without spaces). */
    public String fingerprint() {
        return Hex.toHexString(secretKey.getPublicKey().getFingerprint()).toUpperCase(java.util.Locale.ROOT);
    }

    /** The public key ring, ASCII-armored: what users import to verify the release. */
    public void writePublicKey(OutputStream out) throws IOException {
        var buffer = new ByteArrayOutputStream();
        try (var armored = new ArmoredOutputStream(buffer)) {
            publicKeys.encode(armored);
        }
        out.write(buffer.toByteArray());
    }
}
