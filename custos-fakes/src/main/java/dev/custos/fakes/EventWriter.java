package dev.custos.fakes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.json.JsonMapper;

/** Shared plumbing of both streams: headers, one event at a time, flushed, with the scenario's pauses. */
abstract class EventWriter {

    static final JsonMapper JSON = JsonMapper.builder().build();

    final HttpExchange exchange;
    final ScriptedReply reply;
    final long promptTokens;
    OutputStream out;

    EventWriter(HttpExchange exchange, ScriptedReply reply, long promptTokens) {
        this.exchange = exchange;
        this.reply = reply;
        this.promptTokens = promptTokens;
    }

    final void write() throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        out = exchange.getResponseBody();
        events();
        out.flush();
    }

    abstract void events() throws IOException;

    final void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    final void send(String raw) throws IOException {
        if (reply.delayMillis > 0) {
            pause(reply.delayMillis);
        }
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
