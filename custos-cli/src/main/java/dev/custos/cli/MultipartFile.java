package dev.custos.cli;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;

/** One file as a {@code multipart/form-data} body (field {@code file}), streamed from disk as it is sent. */
final class MultipartFile {

    private final Path file;
    private final String boundary = "custos-" + UUID.randomUUID();
    private final byte[] head;
    private final byte[] tail;

    MultipartFile(Path file, String contentType) {
        this.file = file;
        String name = file.getFileName().toString().replace("\"", "_");
        head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The body, of known length, reporting the file's bytes read so far to {@code progress}. */
    HttpRequest.BodyPublisher publisher(LongConsumer progress) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.USAGE, "cannot-read", "Cannot read " + file + ".");
        }
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(head),
                        new Counting(Files.newInputStream(file), progress), new ByteArrayInputStream(tail))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), head.length + size + tail.length);
    }

    /** Counts what is read from a stream. */
    private static final class Counting extends FilterInputStream {
        private final LongConsumer progress;
        private long read;

        Counting(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                progress.accept(++read);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                read += n;
                progress.accept(read);
            }
            return n;
        }
    }
}
