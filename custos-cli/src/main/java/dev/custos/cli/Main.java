package dev.custos.cli;

/** {@code java -jar custos.jar ...}: the terminal client's entry point. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Custos.run(Context.fromEnvironment(Terminal.system()), args));
    }
}
