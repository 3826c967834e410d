package dev.custos.platform;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Streams whose {@code close()} leaves the stream beneath open: for writers and readers that close what they are
 * given (a JSON generator, PostgreSQL's COPY) handed one entry of a zip that goes on after them.
 */
public final class KeepOpen {

    private KeepOpen() {
    }

    /** Writes through to {@code out}; closing flushes it and no more. */
    public static OutputStream output(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Reads from {@code in}; closing does nothing (a zip entry ends by itself). */
    public static InputStream input(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // the stream beneath goes on
            }
        };
    }
}
