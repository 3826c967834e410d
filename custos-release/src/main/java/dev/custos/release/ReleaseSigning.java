package dev.custos.release;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.bouncycastle.openpgp.PGPException;

/**
 * Makes a release directory complete: gathers the artifacts built elsewhere (the image, the SBOMs) beside the
 * distributions, then writes {@code SHA256SUMS}, a detached signature for every artifact and for the sums, and the
 * public key. Run by the build after the distributions are assembled:
 * {@code ReleaseSigning <release directory> <file to include>...}.
 */
public final class ReleaseSigning {

    /** The public key file in a release directory. */
    public static final String PUBLIC_KEY = "custos-release-key.asc";

    private ReleaseSigning() {
    }

    public static void main(String[] args) throws IOException, PGPException {
        if (args.length < 1) {
            throw new IllegalArgumentException("Usage: ReleaseSigning <release directory> <file to include>...");
        }
        Path directory = Path.of(args[0]);
        Files.createDirectories(directory);
        boolean publishing = Boolean.getBoolean("custos.release.require-key");
        for (int i = 1; i < args.length; i++) {
            Path file = Path.of(args[i]);
            if (Files.isRegularFile(file)) {
                Files.copy(file, directory.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            } else if (publishing) {
                throw new IllegalStateException("A release artifact is missing: " + file);
            } else { // the CycloneDX plugin makes no SBOM offline; the release tests then say what is missing
                System.err.println("Left out of this build's release, not built: " + file.getFileName());
            }
        }
        ReleaseKey key = ReleaseKey.fromEnvironment(publishing);
        List<Path> artifacts = sign(directory, key);
        System.out.printf("Signed %d release artifacts in %s with key %s%s%n", artifacts.size(), directory,
                key.fingerprint(), key.isThrowaway() ? " (a throwaway key: this build vouches for nothing)" : "");
    }

    /** Checksums and signs every artifact in {@code directory}, and returns them. */
    public static List<Path> sign(Path directory, ReleaseKey key) throws IOException, PGPException {
        try (Stream<Path> files = Files.list(directory)) { // a signature from an earlier build must not linger
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".asc") || name.equals(Checksums.FILE)) {
                    Files.delete(file);
                }
            }
        }
        List<Path> artifacts = artifacts(directory);
        for (Path artifact : artifacts) {
            ReleaseSignatures.sign(key, artifact);
        }
        ReleaseSignatures.sign(key, Checksums.write(directory, artifacts));
        try (OutputStream out = Files.newOutputStream(directory.resolve(PUBLIC_KEY))) {
            key.writePublicKey(out);
        }
        return artifacts;
    }

    /** The files a release publishes, by name: everything but sums, signatures and the key. */
    public static List<Path> artifacts(Path directory) throws IOException {
        List<Path> artifacts = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(Files::isRegularFile).sorted().forEach(file -> {
                String name = file.getFileName().toString();
                if (!name.endsWith(".asc") && !name.equals(Checksums.FILE)) {
                    artifacts.add(file);
                }
            });
        }
        return artifacts;
    }
}
