package dev.custos.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;

/**
 * Checks a release directory as a user would with {@code gpg --verify} and {@code sha256sum -c}: the sums are
 * signed by the key, every artifact is in them with its hash, and every artifact's own signature holds.
 */
public final class ReleaseVerification {

    private ReleaseVerification() {
    }

    /** Reads an armored public key ring. */
    public static PGPPublicKeyRing publicKeys(Path armored) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(armored))) {
            return new PGPPublicKeyRing(in, new JcaKeyFingerprintCalculator());
        }
    }

    /** What is wrong with the release in {@code directory}, checked against {@code keys}; empty when nothing. */
    public static List<String> problems(Path directory, PGPPublicKeyRing keys) throws IOException {
        List<String> problems = new ArrayList<>();
        Path sums = directory.resolve(Checksums.FILE);
        if (!Files.isRegularFile(sums)) {
            return List.of(Checksums.FILE + " is missing");
        }
        if (!ReleaseSignatures.verify(keys, sums, directory.resolve(Checksums.FILE + ".asc"))) {
            problems.add(Checksums.FILE + " is not signed by the release key");
        }
        Map<String, String> listed = Checksums.read(sums);
        for (Path artifact : ReleaseSigning.artifacts(directory)) {
            String name = artifact.getFileName().toString();
            String expected = listed.get(name);
            if (expected == null) {
                problems.add(name + " is not in " + Checksums.FILE);
            } else if (!expected.equals(Checksums.sha256(artifact))) {
                problems.add(name + " does not match its SHA-256 sum");
            }
            if (!ReleaseSignatures.verify(keys, artifact, artifact.resolveSibling(name + ".asc"))) {
                problems.add(name + " has no valid signature by the release key");
            }
        }
        for (String name : listed.keySet()) {
            if (!Files.isRegularFile(directory.resolve(name))) {
                problems.add(name + " is in " + Checksums.FILE + " but not in the release");
            }
        }
        return problems;
    }

    /** {@code ReleaseVerification <release directory> <public key file>}: exits 1 and says why when it fails. */
    public static void main(String[] args) throws IOException, PGPException {
        List<String> problems = problems(Path.of(args[0]), publicKeys(Path.of(args[1])));
        problems.forEach(problem -> System.err.println("Not verified: " + problem));
        if (!problems.isEmpty()) {
            System.exit(1);
        }
        System.out.println("The release verifies: every artifact matches its sum and its signature.");
    }
}
