package dev.custos.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release as a user downloads it, built by this very build ({@code target/release}): every artifact is
 * listed in the signed {@code SHA256SUMS} and signed itself, and the commands the README gives accept it.
 */
class ReleaseArtifactsTest {

    private static final String VERSION = System.getProperty("custos.release.version", "0.1.0-SNAPSHOT");
    private static final Path RELEASE = Path.of(System.getProperty("custos.release.directory", "target/release"));
    static final Set<String> ARTIFACTS = Set.of(
            "custos-server-" + VERSION + ".zip",
            "custos-cli-" + VERSION + ".zip",
            "custos-server-" + VERSION + "-image.tar",
            "custos-server-" + VERSION + "-sbom.cdx.json",
            "custos-cli-" + VERSION + "-sbom.cdx.json");

    private static PGPPublicKeyRing releaseKey;

    @BeforeAll
    static void readTheKey() throws IOException {
        releaseKey = ReleaseVerification.publicKeys(RELEASE.resolve(ReleaseSigning.PUBLIC_KEY));
    }

    @Test
    @Tag("UX-05")
    @DisplayName("the server distribution, the terminal client, the image and the SBOMs are each in the signed "
            + "SHA256SUMS with their hash and carry their own signature")
    void everyArtifactIsChecksummedAndSigned() throws IOException {
        assertThat(ReleaseSigning.artifacts(RELEASE).stream().map(path -> path.getFileName().toString()))
                .as("the release's files (an offline build has no SBOMs: the CycloneDX plugin works online only)")
                .containsExactlyInAnyOrderElementsOf(ARTIFACTS);
        assertThat(Checksums.read(RELEASE.resolve(Checksums.FILE)).keySet())
                .containsExactlyInAnyOrderElementsOf(ARTIFACTS);
        for (String artifact : ARTIFACTS) {
            assertThat(RELEASE.resolve(artifact + ".asc")).as("the signature of " + artifact).isRegularFile();
        }
        assertThat(ReleaseVerification.problems(RELEASE, releaseKey)).isEmpty();
    }

    @Test
    @Tag("UX-05")
    @DisplayName("a download changed by one byte fails both its checksum and its signature, and sums rewritten "
            + "to match it fail theirs")
    void aChangedDownloadIsCaught(@TempDir Path download) throws IOException {
        String client = "custos-cli-" + VERSION + ".zip";
        for (String file : List.of(client, client + ".asc", Checksums.FILE, Checksums.FILE + ".asc")) {
            Files.copy(RELEASE.resolve(file), download.resolve(file));
        }
        Path zip = download.resolve(client);
        assertThat(ReleaseSignatures.verify(releaseKey, zip, download.resolve(client + ".asc"))).isTrue();
        assertThat(Checksums.sha256(zip)).isEqualTo(Checksums.read(download.resolve(Checksums.FILE)).get(client));

        byte[] bytes = Files.readAllBytes(zip);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(zip, bytes);
        assertThat(ReleaseSignatures.verify(releaseKey, zip, download.resolve(client + ".asc"))).isFalse();
        assertThat(Checksums.sha256(zip)).isNotEqualTo(Checksums.read(download.resolve(Checksums.FILE)).get(client));

        String forged = Files.readString(download.resolve(Checksums.FILE))
                .replace(Checksums.read(download.resolve(Checksums.FILE)).get(client), Checksums.sha256(zip));
        Files.writeString(download.resolve(Checksums.FILE), forged);
        assertThat(ReleaseVerification.problems(download, releaseKey))
                .contains(Checksums.FILE + " is not signed by the release key",
                        client + " has no valid signature by the release key");
    }

    @Test
    @Tag("UX-05")
    @DisplayName("gpg and sha256sum accept the release exactly as the README tells users to check it")
    void theReadmeCommandsVerifyIt(@TempDir Path gnupgHome) throws Exception {
        assertThat(Tools.available("gpg") && Tools.available("sha256sum"))
                .as("gpg and sha256sum (apt-get install -y gnupg coreutils)").isTrue();
        Files.setPosixFilePermissions(gnupgHome, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        var gpg = List.of("gpg", "--batch", "--homedir", gnupgHome.toString());
        assertThat(Tools.run(RELEASE, concat(gpg, "--import", ReleaseSigning.PUBLIC_KEY)).exit()).isZero();
        Tools.Result sums = Tools.run(RELEASE, concat(gpg, "--status-fd", "1", "--verify", "SHA256SUMS.asc",
                "SHA256SUMS"));
        assertThat(sums.exit()).as(sums.output()).isZero();
        assertThat(sums.output()).contains("[GNUPG:] GOODSIG").contains("[GNUPG:] VALIDSIG");
        for (String artifact : List.of("custos-cli-" + VERSION + ".zip", "custos-server-" + VERSION + "-sbom.cdx.json")) {
            assertThat(Tools.run(RELEASE, concat(gpg, "--verify", artifact + ".asc", artifact)).exit()).isZero();
        }
        Tools.Result check = Tools.run(RELEASE, List.of("sha256sum", "-c", Checksums.FILE));
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output().lines().filter(line -> line.endsWith(": OK")).count()).isEqualTo(ARTIFACTS.size());
    }

    @Test
    @DisplayName("the terminal client from its distribution runs and tells its version; the server's launch script "
            + "refuses a Java older than 21 in words")
    void theDistributionsRun(@TempDir Path unpacked) throws Exception {
        Tools.unzip(RELEASE.resolve("custos-cli-" + VERSION + ".zip"), unpacked);
        Path client = unpacked.resolve("custos-cli-" + VERSION + "/bin/custos");
        assertThat(Files.isExecutable(client)).isTrue();
        Tools.Result version = Tools.run(unpacked, List.of(client.toString(), "--version"),
                "JAVA_HOME", System.getProperty("java.home"));
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output()).contains("custos 0.1.0");

        Tools.unzip(RELEASE.resolve("custos-server-" + VERSION + ".zip"), unpacked);
        Path server = unpacked.resolve("custos-server-" + VERSION);
        assertThat(server.resolve("lib/custos-server.jar")).isRegularFile();
        assertThat(server.resolve("config/application.yaml.example")).isRegularFile();
        Path oldJava = Files.createDirectories(unpacked.resolve("old-java/bin")).resolve("java");
        Files.writeString(oldJava, "#!/bin/sh\necho 'openjdk version \"17.0.9\" 2023-10-17' >&2\n");
        oldJava.toFile().setExecutable(true);
        Tools.Result refused = Tools.run(unpacked, List.of(server.resolve("bin/custos-server").toString()),
                "JAVA_HOME", unpacked.resolve("old-java").toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.output()).contains("Custos needs Java 21 or newer");
    }

    @Test
    @DisplayName("the server from its distribution starts on its own embedded database, keeps its data under "
            + "CUSTOS_HOME, owner-only, and prints the first sign-in")
    void theServerDistributionStarts(@TempDir Path unpacked) throws Exception {
        Tools.unzip(RELEASE.resolve("custos-server-" + VERSION + ".zip"), unpacked);
        Path home = unpacked.resolve("home");
        var server = new ProcessBuilder(unpacked.resolve("custos-server-" + VERSION + "/bin/custos-server").toString(),
                "--server.port=0", "--logging.level.root=WARN").redirectErrorStream(true);
        server.environment().put("JAVA_HOME", System.getProperty("java.home"));
        server.environment().put("CUSTOS_HOME", home.toString());
        Process custos = server.start();
        StringBuilder printed = new StringBuilder();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(custos.getInputStream(),
                StandardCharsets.UTF_8))) {
            var reader = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor().submit(() -> {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (printed) {
                        printed.append(line).append('\n');
                    }
                    if (line.contains("/signup?code=inv_")) {
                        return true;
                    }
                }
                return false;
            });
            assertThat(reader.get(3, TimeUnit.MINUTES)).as(printed.toString()).isTrue();
            assertThat(java.nio.file.Files.getPosixFilePermissions(home.resolve("data/postgres")))
                    .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                            java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
        } finally {
            custos.destroy(); // SIGTERM, as an operator stops it: its database stops with it
            if (!custos.waitFor(60, TimeUnit.SECONDS)) {
                custos.destroyForcibly();
            }
        }
    }

    @Test
    @DisplayName("the SBOMs are CycloneDX documents naming every library each artifact ships, with its hash")
    void theSbomsListWhatShips() throws IOException {
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var server = json.readTree(RELEASE.resolve("custos-server-" + VERSION + "-sbom.cdx.json").toFile());
        assertThat(server.path("bomFormat").asString()).isEqualTo("CycloneDX");
        assertThat(server.path("metadata").path("component").path("name").asString()).isEqualTo("custos-server");
        List<String> packages = new ArrayList<>();
        server.path("components").forEach(component -> {
            packages.add(component.path("purl").asString());
            assertThat(component.path("hashes").isEmpty()).as(component.path("purl").asString()).isFalse();
        });
        assertThat(packages).anyMatch(purl -> purl.startsWith("pkg:maven/org.postgresql/postgresql@"))
                .anyMatch(purl -> purl.startsWith("pkg:maven/org.springframework/spring-core@"))
                .noneMatch(purl -> purl.contains("/junit-jupiter") || purl.contains("/custos-fakes@"));
        var client = json.readTree(RELEASE.resolve("custos-cli-" + VERSION + "-sbom.cdx.json").toFile());
        assertThat(client.path("metadata").path("component").path("name").asString()).isEqualTo("custos-cli");
        assertThat(client.path("components").valueStream().map(c -> c.path("name").asString()))
                .contains("picocli");
    }

    @Test
    @DisplayName("the image is an OCI image of the server: its entry point starts Custos as a user who is not root")
    void theImageRunsTheServer() throws IOException {
        Path image = RELEASE.resolve("custos-server-" + VERSION + "-image.tar");
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var index = json.readTree(Tools.tarEntry(image, "index.json"));
        String manifestDigest = index.path("manifests").get(0).path("digest").asString();
        var manifest = json.readTree(Tools.tarEntry(image, blob(manifestDigest)));
        assertThat(manifest.path("mediaType").asString()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        var config = json.readTree(Tools.tarEntry(image, blob(manifest.path("config").path("digest").asString())));
        String entrypoint = config.path("config").path("Entrypoint").valueStream().map(node -> node.asString())
                .collect(Collectors.joining(" "));
        assertThat(entrypoint).startsWith("java ").contains("dev.custos.CustosApplication");
        assertThat(config.path("config").path("User").asString()).isEqualTo("10001:10001");
        assertThat(config.path("config").path("ExposedPorts").has("8080/tcp")).isTrue();
        List<String> files = new ArrayList<>();
        for (var layer : manifest.path("layers")) {
            files.addAll(Tools.gzippedTarNames(image, blob(layer.path("digest").asString())));
        }
        assertThat(files).contains("app/classes/dev/custos/CustosApplication.class")
                .anyMatch(name -> name.startsWith("app/libs/postgresql-"));
    }

    private static String blob(String digest) {
        return "blobs/" + digest.replace(':', '/');
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    /** Runs the programs a user would, and reads the archives they download. */
    static final class Tools {

        record Result(int exit, String output) {
        }

        static boolean available(String program) {
            try {
                return run(Path.of("."), List.of(program, "--version")).exit() == 0;
            } catch (IOException e) {
                return false;
            }
        }

        static Result run(Path directory, List<String> command, String... environment) throws IOException {
            var builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
            for (int i = 0; i + 1 < environment.length; i += 2) {
                builder.environment().put(environment[i], environment[i + 1]);
            }
            Process process = builder.start();
            try (InputStream out = process.getInputStream()) {
                String output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " did not end");
                }
                return new Result(process.exitValue(), output);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        static void unzip(Path zip, Path into) throws IOException {
            try (var archive = new org.apache.commons.compress.archivers.zip.ZipFile.Builder().setPath(zip).get()) {
                for (var entry : java.util.Collections.list(archive.getEntries())) {
                    Path target = into.resolve(entry.getName()).normalize();
                    assertThat(target.startsWith(into)).as(entry.getName()).isTrue();
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = archive.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                    if ((entry.getUnixMode() & 0100) != 0) {
                        target.toFile().setExecutable(true);
                    }
                }
            }
        }

        static byte[] tarEntry(Path tar, String name) throws IOException {
            try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                    Files.newInputStream(tar))) {
                for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    if (entry.getName().equals(name)) {
                        return in.readAllBytes();
                    }
                }
            }
            throw new IllegalStateException(name + " is not in " + tar.getFileName());
        }

        static List<String> gzippedTarNames(Path tar, String name) throws IOException {
            var layer = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                    new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(tarEntry(tar, name))));
            List<String> names = new ArrayList<>();
            try (layer) {
                for (var entry = layer.getNextEntry(); entry != null; entry = layer.getNextEntry()) {
                    names.add(entry.getName().replaceFirst("^\\./|^/", ""));
                }
            }
            return names;
        }
    }
}
