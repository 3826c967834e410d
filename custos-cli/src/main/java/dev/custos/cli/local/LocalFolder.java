package dev.custos.cli.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The folder {@code custos run} works in, and its boundaries: only paths under it (links resolved; {@code ..},
 * absolute paths and drive letters refused), files its {@code .gitignore} ignores and secret-looking files
 * ({@code .env}, keys, certificates, credentials) left out unless the person allowed one by name, text files only,
 * and limits on what one file and one call may hold.
 */
public final class LocalFolder {

    /** The largest file read or written whole. */
    public static final int MAX_FILE_BYTES = 256 * 1024;
    /** The most a listing or a search answers with. */
    static final int MAX_ENTRIES = 500;
    private static final int MAX_DEPTH = 8;
    /** The most paths a walk looks at, so a huge folder answers quickly with what it found. */
    private static final int MAX_SEEN = 20_000;
    private static final Set<String> SECRET_FOLDERS = Set.of(".git", ".ssh", ".aws", ".gnupg", ".kube", ".docker");
    private static final Pattern SECRET_FILE = Pattern.compile("(?i)(\\.env(\\..*)?|.*\\.(pem|key|p12|pfx|jks"
            + "|keystore|kdbx|gpg|asc)|id_(rsa|dsa|ecdsa|ed25519)(\\.pub)?|\\.npmrc|\\.pypirc|\\.netrc|\\.pgpass"
            + "|\\.git-credentials|\\.htpasswd|credentials(\\.json)?|secrets?\\..*|.*_rsa)");

    private final Path root;
    private final GitIgnore ignored;
    private final Set<String> allowed;

    /** The folder, with the files the person allowed by name ({@code --allow-file}) despite the rules. */
    public LocalFolder(Path folder, Set<String> allowedByName) {
        try {
            this.root = folder.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("The folder " + folder + " cannot be opened", e);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(folder + " is not a folder");
        }
        this.ignored = GitIgnore.of(root);
        this.allowed = Set.copyOf(allowedByName);
    }

    public Path root() {
        return root;
    }

    /** A path the model gave, as a path under the folder; refused when it leads anywhere else. */
    Path resolve(String given) {
        String path = given == null ? "" : given.strip().replace('\\', '/');
        if (path.indexOf('\0') >= 0) {
            throw new LocalRefusal("The path is not a valid file name.");
        }
        if (path.startsWith("/") || path.startsWith("~") || path.matches("^[A-Za-z]:.*")) {
            throw new LocalRefusal("'" + given + "' is outside the working folder: give a path relative to it.");
        }
        Path candidate = root.resolve(path).normalize();
        if (!candidate.startsWith(root)) {
            throw new LocalRefusal("'" + given + "' leads outside the working folder.");
        }
        Path existing = candidate;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            if (existing == null || !existing.toRealPath().startsWith(root)) {
                throw new LocalRefusal("'" + given + "' leads outside the working folder through a link.");
            }
        } catch (IOException e) {
            throw new LocalRefusal("'" + given + "' leads to a link that goes nowhere.");
        }
        return candidate;
    }

    /** The path as the model and the person see it: relative to the folder, with {@code /}. */
    String relative(Path path) {
        String relative = root.relativize(path).toString().replace('\\', '/');
        return relative.isEmpty() ? "." : relative;
    }

    /** Refuses a secret-looking or ignored file (or folder), unless allowed by its name or path. */
    void requireOpen(Path path) {
        String relative = relative(path);
        if (relative.equals(".") || allowed.contains(relative) || allowed.contains(path.getFileName().toString())) {
            return;
        }
        if (secret(relative)) {
            throw new LocalRefusal("'" + relative + "' looks like a secret (keys, credentials, .env): it is left out. "
                    + "The person can allow it by name: custos run --allow-file " + path.getFileName() + " ...");
        }
        if (ignoredWithAncestors(relative, Files.isDirectory(path))) {
            throw new LocalRefusal("'" + relative + "' is ignored by the folder's .gitignore: it is left out. The "
                    + "person can allow it by name: custos run --allow-file " + path.getFileName() + " ...");
        }
    }

    /** The files and folders under a folder (folders end in {@code /}), ignored and secret ones left out. */
    String list(String folder) {
        Path start = resolve(folder);
        requireOpen(start);
        if (!Files.isDirectory(start)) {
            throw new LocalRefusal("'" + relative(start) + "' is not a folder.");
        }
        List<String> entries = new ArrayList<>();
        boolean[] more = {false};
        walk(start, path -> {
            if (entries.size() == MAX_ENTRIES) {
                more[0] = true;
                return;
            }
            entries.add(relative(path) + (Files.isDirectory(path) ? "/" : ""));
        }, true);
        if (entries.isEmpty()) {
            return "(nothing here)";
        }
        return String.join("\n", entries) + (more[0] ? "\n[cut: more than " + MAX_ENTRIES + " entries]" : "");
    }

    /** A text file's content; refused when it is binary or larger than {@value #MAX_FILE_BYTES} bytes. */
    String read(String file) {
        Path path = resolve(file);
        requireOpen(path);
        if (!Files.isRegularFile(path)) {
            throw new LocalRefusal("'" + relative(path) + "' is not a file here.");
        }
        return text(path);
    }

    /** The lines containing {@code text} (ignoring case) in the folder's text files, as {@code path:line: text}. */
    String search(String text, String folder) {
        if (text == null || text.isBlank()) {
            throw new LocalRefusal("Give a text to search for.");
        }
        Path start = resolve(folder);
        requireOpen(start);
        String wanted = text.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        walk(start, path -> {
            if (found.size() >= MAX_ENTRIES || !Files.isRegularFile(path)) {
                return;
            }
            String content;
            try {
                content = text(path);
            } catch (LocalRefusal binaryOrLarge) {
                return;
            }
            List<String> lines = content.lines().toList();
            for (int i = 0; i < lines.size() && found.size() < MAX_ENTRIES; i++) {
                if (lines.get(i).toLowerCase(Locale.ROOT).contains(wanted)) {
                    String line = lines.get(i).strip();
                    found.add(relative(path) + ":" + (i + 1) + ": "
                            + (line.length() > 200 ? line.substring(0, 199) + "…" : line));
                }
            }
        }, false);
        return found.isEmpty() ? "No line contains '" + text + "'." : String.join("\n", found);
    }

    /** A change to a file, planned: shown to the person as its diff before it is written. */
    public record PlannedWrite(Path path, String relative, String before, String after, String diff) {
    }

    /** The whole content a file will have. */
    PlannedWrite planWrite(String file, String content) {
        if (content == null) {
            throw new LocalRefusal("Give the file's content.");
        }
        if (content.getBytes(StandardCharsets.UTF_8).length > MAX_FILE_BYTES) {
            throw new LocalRefusal("The content is larger than " + MAX_FILE_BYTES / 1024 + " KB: write it in parts.");
        }
        Path path = resolve(file);
        requireOpen(path);
        if (Files.isDirectory(path)) {
            throw new LocalRefusal("'" + relative(path) + "' is a folder.");
        }
        String before = Files.exists(path) ? text(path) : "";
        return new PlannedWrite(path, relative(path), before, content, LineDiff.of(relative(path), before, content));
    }

    /** One exact passage of a file replaced by another; the passage must be found exactly once. */
    PlannedWrite planPatch(String file, String old, String replacement) {
        if (old == null || old.isEmpty() || replacement == null) {
            throw new LocalRefusal("Give the passage to replace and what replaces it.");
        }
        Path path = resolve(file);
        requireOpen(path);
        if (!Files.isRegularFile(path)) {
            throw new LocalRefusal("'" + relative(path) + "' is not a file here.");
        }
        String before = text(path);
        int at = before.indexOf(old);
        if (at < 0) {
            throw new LocalRefusal("The passage is not in '" + relative(path) + "' as given.");
        }
        if (before.indexOf(old, at + 1) >= 0) {
            throw new LocalRefusal("The passage is in '" + relative(path) + "' more than once: give more of it.");
        }
        String after = before.substring(0, at) + replacement + before.substring(at + old.length());
        return planWrite(file, after);
    }

    /** Writes a planned change: a whole new file in place of the old, never half of one. */
    void apply(PlannedWrite write) {
        try {
            Files.createDirectories(write.path().getParent());
            Path temporary = Files.createTempFile(write.path().getParent(), ".custos-", ".tmp");
            try {
                Files.writeString(temporary, write.after(), StandardCharsets.UTF_8);
                Files.move(temporary, write.path(), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new LocalRefusal("'" + write.relative() + "' could not be written: " + e.getMessage());
        }
    }

    private String text(Path path) {
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                throw new LocalRefusal("'" + relative(path) + "' is " + size / 1024 + " KB; files of at most "
                        + MAX_FILE_BYTES / 1024 + " KB are read.");
            }
            byte[] bytes = Files.readAllBytes(path);
            for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
                if (bytes[i] == 0) {
                    throw new LocalRefusal("'" + relative(path) + "' is a binary file: only text files are read.");
                }
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new LocalRefusal("'" + relative(path) + "' is not UTF-8 text: only text files are read.");
        } catch (IOException e) {
            throw new LocalRefusal("'" + relative(path) + "' cannot be read: " + e.getMessage());
        }
    }

    /** Visits what is open under {@code start}, in order, without going into ignored or secret folders. */
    private void walk(Path start, Consumer<Path> visit, boolean foldersToo) {
        List<Path> seen = new ArrayList<>();
        try {
            Files.walkFileTree(start, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    if (dir.equals(start)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (!open(dir)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (foldersToo) {
                        seen.add(dir);
                    }
                    return seen.size() > MAX_SEEN ? FileVisitResult.TERMINATE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && open(file)) {
                        seen.add(file);
                    }
                    return seen.size() > MAX_SEEN ? FileVisitResult.TERMINATE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // unreadable: left out
                }
            });
        } catch (IOException e) {
            throw new LocalRefusal("The folder cannot be read: " + e.getMessage());
        }
        seen.stream().sorted().forEach(visit);
    }

    private boolean open(Path path) {
        try {
            requireOpen(path);
            return !Files.isSymbolicLink(path) || path.toRealPath().startsWith(root);
        } catch (LocalRefusal | IOException e) {
            return false;
        }
    }

    private static boolean secret(String relative) {
        String[] parts = relative.split("/");
        for (int i = 0; i < parts.length; i++) {
            if (i < parts.length - 1 && SECRET_FOLDERS.contains(parts[i])) {
                return true;
            }
        }
        String name = parts[parts.length - 1];
        return SECRET_FOLDERS.contains(name) || SECRET_FILE.matcher(name).matches();
    }

    private boolean ignoredWithAncestors(String relative, boolean folder) {
        String[] parts = relative.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            prefix.append(i == 0 ? "" : "/").append(parts[i]);
            boolean last = i == parts.length - 1;
            if (ignored.ignores(prefix.toString(), !last || folder)) {
                return true;
            }
        }
        return false;
    }
}
