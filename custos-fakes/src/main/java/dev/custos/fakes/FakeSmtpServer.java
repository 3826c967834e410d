package dev.custos.fakes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A mail relay on a loopback port that speaks SMTP (RFC 5321: EHLO/HELO, MAIL, RCPT, DATA with dot-stuffing,
 * RSET, NOOP, QUIT) and keeps what it receives, so tests can read the mail Custos sends. No TLS, no AUTH: it
 * stands in for the operator's relay, nothing more.
 */
public final class FakeSmtpServer implements AutoCloseable {

    /** One message as received: the envelope and the raw message (headers and body). */
    public record Message(String from, List<String> to, String data) {

        /** The value of a header, unfolded, if present. */
        public Optional<String> header(String name) {
            String prefix = name.toLowerCase() + ":";
            for (String line : data.split("\r\n")) {
                if (line.isEmpty()) {
                    break;
                }
                if (line.toLowerCase().startsWith(prefix)) {
                    return Optional.of(line.substring(prefix.length()).strip());
                }
            }
            return Optional.empty();
        }
    }

    private final ServerSocket socket;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Message> received = new CopyOnWriteArrayList<>();

    public FakeSmtpServer() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor.submit(this::accept);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public List<Message> received() {
        return List.copyOf(received);
    }

    /** Waits up to {@code timeout} for a message that matches, and returns it. */
    public Message await(Predicate<Message> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Message message : received) {
                if (wanted.test(message)) {
                    return message;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("No such message arrived within " + timeout + "; received: " + received.size());
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                executor.submit(() -> converse(connection));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void converse(Socket connection) {
        try (connection;
             var in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = connection.getOutputStream()) {
            reply(out, "220 fake-smtp ESMTP ready");
            String from = null;
            List<String> to = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    case "EHLO" -> reply(out, "250-fake-smtp\r\n250-8BITMIME\r\n250 SMTPUTF8");
                    case "HELO" -> reply(out, "250 fake-smtp");
                    case "MAIL" -> {
                        from = address(line);
                        to.clear();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        if (from == null) {
                            reply(out, "503 MAIL first");
                        } else {
                            to.add(address(line));
                            reply(out, "250 OK");
                        }
                    }
                    case "DATA" -> {
                        if (to.isEmpty()) {
                            reply(out, "503 RCPT first");
                            continue;
                        }
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        StringBuilder data = new StringBuilder();
                        for (String body = in.readLine(); body != null && !body.equals("."); body = in.readLine()) {
                            data.append(body.startsWith("..") ? body.substring(1) : body).append("\r\n");
                        }
                        received.add(new Message(from, List.copyOf(to), data.toString()));
                        from = null;
                        to.clear();
                        reply(out, "250 OK queued");
                    }
                    case "RSET" -> {
                        from = null;
                        to.clear();
                        reply(out, "250 OK");
                    }
                    case "NOOP" -> reply(out, "250 OK");
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "502 Command not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String address(String line) {
        int open = line.indexOf('<');
        int close = line.indexOf('>', open + 1);
        return open >= 0 && close > open ? line.substring(open + 1, close) : line.substring(line.indexOf(':') + 1).strip();
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        executor.shutdownNow();
    }
}
