package dev.custos.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file handed to a digest or a signature in 64 KB chunks: the release's largest files are hundreds of MB. */
final class FileChunks {

    /** What takes the chunks ({@code MessageDigest::update}, a signature's {@code update}). */
    interface Sink {
        void update(byte[] bytes, int offset, int length);
    }

    private FileChunks() {
    }

    static void feed(Path file, Sink sink) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                sink.update(buffer, 0, read);
            }
        }
    }
}
