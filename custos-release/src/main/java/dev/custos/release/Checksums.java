package dev.custos.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A release's {@code SHA256SUMS}: one line per file, {@code <sha-256 in hex>  <name>}, as {@code sha256sum} writes. */
public final class Checksums {

    public static final String FILE = "SHA256SUMS";

    private Checksums() {
    }

    public static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            FileChunks.feed(file, digest::update);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256.", e);
        }
    }

    /** Writes the sums of {@code files} (all in {@code directory}) to {@code directory/SHA256SUMS}. */
    public static Path write(Path directory, List<Path> files) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Path file : files) {
            lines.append(sha256(file)).append("  ").append(file.getFileName()).append('\n');
        }
        return Files.writeString(directory.resolve(FILE), lines, StandardCharsets.UTF_8);
    }

    /** The sums a {@code SHA256SUMS} file lists, by file name, in its order. */
    public static Map<String, String> read(Path sums) throws IOException {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                String[] parts = line.split(" [ *]", 2);
                if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException(FILE + " has a line that is not '<sha-256>  <name>'.");
                }
                byName.put(parts[1], parts[0]);
            }
        }
        return byName;
    }
}
