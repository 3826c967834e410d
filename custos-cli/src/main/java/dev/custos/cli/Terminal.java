package dev.custos.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Where the client talks to the person: results on standard output (what a script pipes on), questions,
 * progress and errors on standard error, answers from the console (passwords unechoed) or standard input.
 */
public final class Terminal {

    private final PrintWriter out;
    private final PrintWriter err;
    private final BufferedReader in;
    private final Console console;

    private Terminal(PrintWriter out, PrintWriter err, BufferedReader in, Console console) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.console = console;
    }

    public static Terminal system() {
        return new Terminal(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.console());
    }

    /** A terminal over given streams, without a console (a script, or a test). */
    public static Terminal of(Reader in, Writer out, Writer err) {
        return new Terminal(new PrintWriter(out, true), new PrintWriter(err, true), new BufferedReader(in), null);
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** Whether a person sits at it (a console), rather than a pipe. */
    public boolean interactive() {
        return console != null;
    }

    /** Asks on standard error; the answer, or null when input has ended. */
    public String ask(String question) {
        err.print(question);
        err.flush();
        try {
            String answer = in.readLine();
            if (console == null) {
                err.println(); // piped answers are not echoed: end the question's line
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks for a secret: unechoed on a console, a line of standard input otherwise. */
    public String askSecret(String question) {
        if (console != null) {
            char[] typed = console.readPassword("%s", question);
            return typed == null ? null : new String(typed);
        }
        return ask(question);
    }

    /** A yes/no question; anything but y or yes (or the end of input) is no. */
    public boolean confirm(String question) {
        String answer = ask(question + " [y/N] ");
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }
}
