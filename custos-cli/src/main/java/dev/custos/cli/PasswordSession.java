package dev.custos.cli;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Some things are done by the person signed in, never by a key (exporting one's data, deleting one's account),
 * and ask for the password again. This signs in with email and password — and the second factor when the account
 * has one — in a cookie session of its own, used for that one command and signed out after.
 */
final class PasswordSession implements AutoCloseable {

    private final Api api;
    private final String password;

    private PasswordSession(Api api, String password) {
        this.api = api;
        this.password = password;
    }

    /** Asks for the password (and a code if needed) of the person this terminal is signed in as. */
    static PasswordSession open(Context context) {
        Settings settings = context.settings();
        String email = context.api().get("/api/me").path("email").asString();
        Terminal terminal = context.terminal();
        String password = terminal.askSecret("Password for " + email + ": ");
        if (password == null || password.isEmpty()) {
            throw new CliFailure(ExitCode.USAGE, "password-required", "This needs your password.");
        }
        Api api = Api.anonymous(settings.url());
        JsonNode signedIn = api.post("/api/auth/sign-in", Map.of("email", email, "password", password));
        if (signedIn.path("secondFactorRequired").asBoolean()) {
            boolean codes = false;
            for (JsonNode method : signedIn.path("secondFactors")) {
                codes |= method.asString().equals("totp");
            }
            String code = terminal.ask(codes ? "Code from your authenticator app (or a backup code): "
                    : "A backup code (passkeys work in the browser only): ");
            api.post("/api/auth/sign-in/second-factor", Map.of("code", code == null ? "" : code.strip()));
        }
        return new PasswordSession(api, password);
    }

    Api api() {
        return api;
    }

    String password() {
        return password;
    }

    @Override
    public void close() {
        try {
            api.post("/api/auth/sign-out", null);
        } catch (CliFailure alreadyOut) {
            // an erased account is signed out by the server itself
        }
    }
}
