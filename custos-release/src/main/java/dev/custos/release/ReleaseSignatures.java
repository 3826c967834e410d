package dev.custos.release;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/** Detached, ASCII-armored OpenPGP signatures over whole files ({@code gpg --verify file.asc file} checks them). */
public final class ReleaseSignatures {

    private ReleaseSignatures() {
    }

    /** Signs {@code file} into {@code file.asc} beside it, and returns that path. */
    public static Path sign(ReleaseKey key, Path file) throws IOException, PGPException {
        var generator = new PGPSignatureGenerator(new JcaPGPContentSignerBuilder(
                key.secretKey().getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512)
                .setProvider(BouncyCastle.provider()), key.secretKey().getPublicKey());
        generator.init(PGPSignature.BINARY_DOCUMENT, key.privateKey());
        FileChunks.feed(file, generator::update);
        var buffer = new ByteArrayOutputStream();
        try (var armored = new ArmoredOutputStream(buffer); var packets = new BCPGOutputStream(armored)) {
            generator.generate().encode(packets);
        }
        Path signature = file.resolveSibling(file.getFileName() + ".asc");
        Files.write(signature, buffer.toByteArray());
        return signature;
    }

    /** Whether {@code signature} is a valid signature over {@code file} by a key of {@code keys}. */
    public static boolean verify(PGPPublicKeyRing keys, Path file, Path signature) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(signature))) {
            Object packet = new JcaPGPObjectFactory(in).nextObject();
            if (!(packet instanceof PGPSignatureList list) || list.isEmpty()) {
                return false;
            }
            PGPSignature candidate = list.get(0);
            PGPPublicKey signer = keys.getPublicKey(candidate.getKeyID());
            if (signer == null) {
                return false;
            }
            candidate.init(new JcaPGPContentVerifierBuilderProvider()
                    .setProvider(BouncyCastle.provider()), signer);
            FileChunks.feed(file, candidate::update);
            return candidate.verify();
        } catch (PGPException | IOException e) {
            return false; // a signature that cannot be read verifies nothing
        }
    }
}
