package dev.custos.platform.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * A Server-Sent Events response ({@code text/event-stream}), for every stream Custos serves: the headers go out
 * with the first frame (until then the caller may still answer with an error instead), every frame is flushed at
 * once, and nothing in between buffers it ({@code X-Accel-Buffering: no} for a reverse proxy).
 */
public final class EventStream {

    private final HttpServletResponse response;
    private @Nullable OutputStream out;

    public EventStream(HttpServletResponse response) {
        this.response = response;
    }

    /** Whether the first frame went out: the response is a stream now, and an error can only be a frame. */
    public boolean started() {
        return out != null;
    }

    /** An event with an id (what {@code Last-Event-ID} resumes from) and a name, or neither. */
    public void event(@Nullable String id, @Nullable String name, String data) throws IOException {
        write((id == null ? "" : "id: " + id + "\n") + (name == null ? "" : "event: " + name + "\n")
                + "data: " + data + "\n\n");
    }

    /** A data-only event: {@code data: ...}. */
    public void data(String data) throws IOException {
        event(null, null, data);
    }

    /** How long a client waits before reconnecting. */
    public void retry(long millis) throws IOException {
        write("retry: " + millis + "\n\n");
    }

    /** A comment line, which clients ignore: keeps an idle connection from being cut by a proxy. */
    public void keepAlive() throws IOException {
        write(": keep-alive\n\n");
    }

    private void write(String frame) throws IOException {
        if (out == null) {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            response.setHeader("X-Accel-Buffering", "no");
            out = response.getOutputStream();
        }
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
