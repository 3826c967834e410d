package dev.custos.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A streaming parser of {@code text/event-stream} (the WHATWG rules): events end at a blank line, {@code data}
 * lines join with newlines, lines starting with ':' are comments, CR, LF and CRLF all end a line. Each event is
 * handed on as soon as its blank line arrives, never after the whole body.
 */
final class ServerSentEvents {

    /** One event: its type ("message" unless named), its data, and the last id the stream set, if any. */
    record Event(String type, String data, @Nullable String id) {
    }

    private ServerSentEvents() {
    }

    static void read(InputStream body, Consumer<Event> onEvent) throws IOException {
        // BufferedReader.readLine treats \r, \n and \r\n as line ends, as the format requires.
        var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String type = null;
        String id = null;
        StringBuilder data = null;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty()) {
                if (data != null) {
                    onEvent.accept(new Event(type == null ? "message" : type, data.toString(), id));
                }
                type = null;
                data = null; // the id is kept: it names the last event seen, for a reconnect's Last-Event-ID
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> type = value;
                case "id" -> id = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { } // retry and unknown fields carry nothing a model client needs
            }
        }
        if (data != null) {
            onEvent.accept(new Event(type == null ? "message" : type, data.toString(), id));
        }
    }
}
