package dev.custos.cli;

import java.io.StringReader;
import java.io.StringWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipInputStream;

import dev.custos.CustosApplication;
import dev.custos.fakes.FakeModelProvider;
import dev.custos.identity.Invitations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The terminal client against the real server on its embedded PostgreSQL (UX-02): signing in, running an agent and
 * answering its approval prompts, reviewing sessions, usage, audit verification, exporting and deleting the account.
 */
@Tag("UX-02")
class CliTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "a-long-enough-passphrase";
    private static ConfigurableApplicationContext custos;
    private static String url;

    @TempDir
    Path home;

    @BeforeAll
    static void startCustos() {
        custos = new SpringApplication(CustosApplication.class).run("--server.port=0",
                "--custos.database.data-directory=target/cli-postgres", "--custos.database.clean-on-start=true",
                "--custos.keys.master-key-file=target/cli-keys/master-key.json", "--logging.level.root=WARN",
                "--custos.backup.directory=target/cli-backups", "--custos.backup.schedule=-",
                "--custos.backup.keys-schedule=-");
        url = "http://localhost:" + custos.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stopCustos() {
        custos.close();
    }

    /** One run of {@code custos}: what it printed and how it exited. */
    private record Ran(int exit, String out, String err) {
    }

    private Ran custos(String input, String... args) {
        return custosWith(home.resolve("config"), input, args);
    }

    /** The same, with another configuration (another person, or another installation). */
    private static Ran custosWith(Path config, String input, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = Custos.run(new Context(Terminal.of(new StringReader(input), out, err), config, Map.of()), args);
        return new Ran(exit, out.toString(), err.toString());
    }

    /** A person with a browser session, a workspace, and an API key with these scopes. */
    private record Person(String email, Browser browser, String workspace, String key) {
    }

    /** What a browser does with cookies and the CSRF token, enough to set things up and approve. */
    private static final class Browser {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

        JsonNode send(String method, String path, Object body) throws Exception {
            String token = ((CookieManager) http.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals("XSRF-TOKEN")).map(java.net.HttpCookie::getValue).findFirst()
                    .orElse(null);
            if (token == null) {
                http.send(HttpRequest.newBuilder(URI.create(url + "/api/auth/csrf")).build(),
                        HttpResponse.BodyHandlers.ofString());
                return send(method, path, body);
            }
            var response = http.send(HttpRequest.newBuilder(URI.create(url + path)).header("X-XSRF-TOKEN", token)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isLessThan(300);
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        }
    }

    private Person person(String name, String... scopes) throws Exception {
        String email = name.toLowerCase().replace(' ', '.') + "." + UUID.randomUUID().toString().substring(0, 6)
                + "@example.com";
        var browser = new Browser();
        browser.send("POST", "/api/auth/sign-up", Map.of("code", custos.getBean(Invitations.class).issue(null).code(),
                "email", email, "password", PASSWORD, "name", name, "ageConfirmed", true));
        browser.send("POST", "/api/auth/sign-in", Map.of("email", email, "password", PASSWORD));
        String workspace = browser.send("POST", "/api/workspaces", Map.of("name", name + "'s space", "region", "EU"))
                .path("id").asString();
        String key = browser.send("POST", "/api/workspaces/" + workspace + "/api-keys", Map.of("name", "cli",
                "scopes", List.of(scopes))).path("token").asString();
        return new Person(email, browser, workspace, key);
    }

    private Ran signedIn(Person person) {
        Ran login = custos("", "login", "--url", url, "--api-key", person.key());
        assertThat(login.exit()).as(login.err()).isZero();
        return login;
    }

    @Test
    @Tag("GV-06")
    @Tag("BL-02")
    @DisplayName("a support request is opened, read and closed from the terminal; usage shows the month's counts")
    void supportAndPeriodUsage() throws Exception {
        Person cy = person("Cy Cli", "read", "write");
        signedIn(cy);
        Ran opened = custos("", "support", "open", "--subject", "Export is slow", "--message", "It takes an hour.",
                "--json");
        assertThat(opened.exit()).as(opened.err()).isZero();
        String id = JSON.readTree(opened.out()).path("id").asString();
        assertThat(custos("", "support", "list").out()).contains("Export is slow", "open", id);
        assertThat(custos("", "support", "reply", id, "--message", "Still slow today.").out())
                .contains("It takes an hour.", "Still slow today.");
        assertThat(custos("", "support", "close", id).out()).contains("[closed]");
        assertThat(custos("", "support", "show", "00000000-0000-0000-0000-000000000000").exit())
                .isEqualTo(ExitCode.NOT_FOUND);
        Ran period = custos("", "usage", "--period");
        assertThat(period.exit()).as(period.err()).isZero();
        assertThat(period.out()).contains("tokens", "agent runs", "tool calls", "no limit");
        assertThat(custos("", "usage", "--period", "December").exit()).isEqualTo(ExitCode.REFUSED);
    }

    @Test
    @DisplayName("an installation administrator backs up from the terminal with their password, never a key alone, "
            + "and lists the backups kept")
    void backupFromTheTerminal() throws Exception {
        Person admin = person("Bea Backup", "read", "write");
        signedIn(admin);
        Ran wrong = custos("not-the-password\n", "backup");
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.err()).doesNotContain("not-the-password");
        Ran made = custos(PASSWORD + "\n", "backup");
        assertThat(made.exit()).as(made.err()).isZero();
        assertThat(made.out()).contains("Backed up", "custos-database-", "custos-keys-",
                "custos-server restore <database backup> <key store backup>");
        String file = made.out().replaceAll("(?s).*(custos-database-[0-9TZ]+\\.backup).*", "$1");
        assertThat(Path.of("target/cli-backups").resolve(file)).isRegularFile();
        Ran listed = custos(PASSWORD + "\n", "backup", "--list");
        assertThat(listed.out()).contains("TAKEN", "DATABASE", "KEY_STORE", file);
    }

    @Test
    @DisplayName("login with a key keeps it in a file only its owner can read; status and workspaces show where")
    void loginWithApiKey() throws Exception {
        Person ada = person("Ada Cli", "read", "write");
        assertThat(custos("", "agents", "list").exit()).as("not signed in yet").isEqualTo(ExitCode.NOT_SIGNED_IN);
        assertThat(signedIn(ada).out()).contains("Signed in to " + url + " as Ada Cli, in workspace Ada Cli's space");

        Path config = home.resolve("config").resolve(Settings.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent())))
                .isEqualTo("rwx------");
        Ran status = custos("", "status", "--json");
        assertThat(JSON.readTree(status.out()).path("email").asString()).isEqualTo(ada.email());
        assertThat(status.out()).doesNotContain(ada.key());
        assertThat(custos("", "workspaces").out()).contains("Ada Cli's space", "owner");
        assertThat(custos("", "login", "--url", url, "--api-key", "cst_not_a_real_key").exit())
                .isEqualTo(ExitCode.NOT_SIGNED_IN);
    }

    @Test
    @Tag("AI-01")
    @DisplayName("in a folder, the offline agent reads the README, fixes a typo after y and runs a command after y; a "
            + "model's paths outside the folder and secret files are refused; the session shows every step")
    void localToolsInAFolder(@TempDir Path folder) throws Exception {
        Person lou = person("Lou Local", "read", "write", "admin");
        signedIn(lou);
        assertThat(custos("", "agents", "create", "--name", "Helper", "--instructions", "Help.").exit()).isZero();
        Files.writeString(folder.resolve("README.md"), "# Lantern\n\nLantern keeps the lights on.\n\nMore below.\n");
        Files.writeString(folder.resolve("notes.txt"), "Remember teh milk.\n");
        Files.writeString(folder.resolve(".env"), "API_KEY=sk-SECRET-VALUE\n");
        Files.writeString(folder.resolve(".gitignore"), "build/\n");
        Files.createDirectories(folder.resolve("build"));
        Files.writeString(folder.resolve("build/out.txt"), "BUILT");
        String dir = folder.toString();

        Ran summary = custos("y\n", "run", "--folder", dir, "Helper", "Summarise the README here");
        assertThat(summary.exit()).as(summary.err()).isZero();
        assertThat(summary.err()).contains("Let the agent read README.md? [y/N]");
        assertThat(summary.out()).contains("Lantern keeps the lights on.");

        Ran fixed = custos("y\n", "run", "--folder", dir, "Helper", "Fix the typo in notes.txt");
        assertThat(fixed.exit()).as(fixed.err()).isZero();
        assertThat(fixed.err()).contains("-Remember teh milk.", "+Remember the milk.",
                "Change notes.txt (+1 −1)? [y/N]");
        assertThat(Files.readString(folder.resolve("notes.txt"))).isEqualTo("Remember the milk.\n");

        Ran declined = custos("n\n", "run", "--folder", dir, "Helper", "Run a command, please");
        assertThat(declined.err()).contains("$ echo hello from your terminal");
        assertThat(declined.out()).contains("did not allow this command");
        Ran command = custos("y\n", "run", "--folder", dir, "Helper", "Run a command, please");
        assertThat(command.exit()).as(command.err()).isZero();
        assertThat(command.out()).contains("exit code 0", "hello from your terminal");

        Ran listed = custos("", "run", "--folder", dir, "--allow-reads", "Helper", "List the files");
        assertThat(listed.out()).contains("README.md", "notes.txt").doesNotContain(".env", "build", "SECRET");

        String session = fixed.err().lines().filter(line -> line.startsWith("session ")).findFirst().orElseThrow()
                .substring("session ".length());
        assertThat(custos("", "sessions", "show", session).out()).contains("local_patch_file", "+Remember the milk.");
        var page = lou.browser().http.send(HttpRequest.newBuilder(URI.create(url + "/workspaces/" + lou.workspace()
                + "/sessions/" + session)).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).as("the dashboard shows the step, with its diff").contains("local_patch_file",
                "terminal", "+Remember the milk.");

        // A model that asks for whatever it is told (the fake provider's "directed" model).
        try (FakeModelProvider fake = FakeModelProvider.start()) {
            String provider = "fake-" + UUID.randomUUID().toString().substring(0, 6);
            String providerId = lou.browser().send("POST", "/api/providers", Map.of("name", provider, "label", "Fake",
                    "kind", "openai-compatible", "baseUrl", fake.baseUrl().toString(), "apiKey", "sk-test",
                    "region", "EU", "zeroRetention", true, "mayTrain", false, "models", List.of("directed")))
                    .path("id").asString();
            lou.browser().send("PUT", "/api/workspaces/" + lou.workspace() + "/providers/" + providerId, Map.of());
            assertThat(custos("", "agents", "create", "--name", "Directed", "--instructions", "Obey.", "--model",
                    provider + "/directed").exit()).isZero();
            Files.writeString(folder.getParent().resolve("outside-" + folder.getFileName() + ".txt"), "OUTSIDE");

            Ran outside = custos("", "run", "--folder", dir, "--allow-reads", "Directed",
                    "call local_read_file {\"path\":\"../outside-" + folder.getFileName() + ".txt\"}");
            assertThat(outside.err()).contains("leads outside the working folder");
            Ran secret = custos("", "run", "--folder", dir, "--allow-reads", "Directed",
                    "call local_read_file {\"path\":\".env\"}");
            assertThat(secret.err()).contains("looks like a secret");
            assertThat(fake.received().toString()).as("nothing of them reached the model")
                    .doesNotContain("OUTSIDE", "sk-SECRET-VALUE");
            Ran allowed = custos("", "run", "--folder", dir, "--allow-reads", "--allow-file", ".env", "Directed",
                    "call local_read_file {\"path\":\".env\"}");
            assertThat(allowed.out()).as("allowed by name").contains("sk-SECRET-VALUE");
            Ran wrote = custos("y\n", "run", "--folder", dir, "Directed",
                    "call local_write_file {\"path\":\"out/plan.md\",\"content\":\"# Plan\"}");
            assertThat(wrote.err()).contains("+# Plan", "Create out/plan.md (+1 −0)? [y/N]");
            assertThat(Files.readString(folder.resolve("out/plan.md"))).isEqualTo("# Plan");
            Ran listedByCommand = custos("y\n", "run", "--folder", dir, "Directed",
                    "call local_run_command {\"command\":\"ls\"}");
            assertThat(listedByCommand.err()).contains("$ ls", "Run this command in");
            assertThat(listedByCommand.out()).contains("exit code 0", "README.md", "notes.txt");

            // A client that went away: the run waits for a terminal, and --resume takes it up.
            String agent = lou.browser().send("GET", "/api/workspaces/" + lou.workspace() + "/agents", null)
                    .valueStream().filter(a -> a.path("name").asString().equals("Directed")).findFirst()
                    .orElseThrow().path("id").asString();
            String sessions = "/api/workspaces/" + lou.workspace() + "/agents/" + agent + "/sessions";
            String waiting = lou.browser().send("POST", sessions, Map.of("message",
                    "call local_read_file {\"path\":\"README.md\"}", "localTools", List.of("local_read_file")))
                    .path("id").asString();
            await().atMost(Duration.ofSeconds(20)).until(() -> lou.browser().send("GET", sessions + "/" + waiting, null)
                    .path("session").path("status").asString().equals("awaiting_client"));
            Ran resumed = custos("y\n", "run", "--folder", dir, "--resume", waiting, "Directed");
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            assertThat(resumed.err()).contains("Let the agent read README.md? [y/N]");
            assertThat(resumed.out()).contains("Lantern keeps the lights on.");
            assertThat(custos("", "run", "--folder", dir, "--resume", waiting, "Directed").err())
                    .contains("nothing waits for this terminal");
        }
    }

    @Test
    @Tag("DR-07")
    @DisplayName("telemetry is off until turned on; on, it records the consent and sends command names and timings, "
            + "never arguments; off withdraws the consent and nothing more is sent")
    void telemetryFromTheTerminal() throws Exception {
        Person tia = person("Tia Telemetry", "read", "write");
        signedIn(tia);
        assertThat(custos("", "telemetry").out()).contains("Telemetry is off");
        custos("", "agents", "list");
        assertThat(Files.exists(home.resolve("config/telemetry.json"))).as("nothing kept while off").isFalse();

        Ran on = custos("", "telemetry", "on");
        assertThat(on.exit()).as(on.err()).isZero();
        assertThat(tia.browser().send("GET", "/api/privacy/consents", null).path("current").valueStream()
                .filter(state -> state.path("purpose").asString().equals("product_analytics")).findFirst()
                .orElseThrow().path("given").asBoolean()).as("the consent, recorded on the server").isTrue();
        custos("", "agents", "list");
        custos("", "sessions", "show", "TIA-SECRET-ARGUMENT");
        String kept = Files.readString(home.resolve("config/telemetry.json"));
        assertThat(kept).contains("agents list", "sessions show").doesNotContain("TIA-SECRET-ARGUMENT");
        Ran sent = custos("", "telemetry", "send");
        assertThat(sent.out()).as(sent.err()).contains("2 command(s) sent");
        String counts = tia.browser().send("GET", "/api/admin/client-telemetry", null).toString();
        assertThat(counts).contains("\"command\":\"agents list\"", "\"command\":\"sessions show\"",
                "\"client\":\"custos-cli\"").doesNotContain("TIA-SECRET-ARGUMENT", tia.email());

        Ran off = custos("", "telemetry", "off");
        assertThat(off.exit()).as(off.err()).isZero();
        assertThat(tia.browser().send("GET", "/api/privacy/consents", null).path("current").valueStream()
                .filter(state -> state.path("purpose").asString().equals("product_analytics")).findFirst()
                .orElseThrow().path("given").asBoolean()).isFalse();
        custos("", "agents", "list");
        assertThat(Files.readString(home.resolve("config/telemetry.json"))).doesNotContain("agents list");
    }

    @Test
    @Tag("TN-05")
    @DisplayName("administrators move a workspace from the terminal: out (the transfer key printed once), in (the "
            + "receipt and the members' claim links), complete (erased where it was)")
    void moveAWorkspaceFromTheTerminal() throws Exception {
        Person ada = person("Ada Mover", "read", "write");
        signedIn(ada);
        try (ConfigurableApplicationContext us = new SpringApplication(CustosApplication.class).run(
                "--server.port=0", "--custos.regions.home=US",
                "--custos.database.data-directory=target/cli-us-postgres", "--custos.database.clean-on-start=true",
                "--custos.keys.master-key-file=target/cli-us-keys/key.json",
                "--logging.level.root=WARN", "--custos.backup.directory=target/cli-us-backups",
                "--custos.backup.schedule=-", "--custos.backup.keys-schedule=-")) {
            String usUrl = "http://localhost:" + us.getEnvironment().getProperty("local.server.port");
            Path file = home.resolve("moving.custos-move");

            Ran out = custos(PASSWORD + "\n", "move", "out", ada.workspace(), "--to", "US", "-o", file.toString());
            assertThat(out.exit()).as(out.err()).isZero();
            assertThat(out.out()).contains("The workspace is frozen here", "Transfer key");
            String key = out.out().lines().dropWhile(line -> !line.startsWith("Transfer key")).skip(1).findFirst()
                    .orElseThrow().strip();
            assertThat(Files.size(file)).isPositive();

            // The receiving administrator, signed in to the US installation with a configuration of their own.
            String bobEmail = "bob.receiver." + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
            var browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            JsonNode token = usSetUp(browser, usUrl, us.getBean(Invitations.class).issue(null).code(), bobEmail);
            Path bobConfig = home.resolve("bob-config");
            assertThat(custosWith(bobConfig, "", "login", "--url", usUrl, "--api-key", token.asString()).exit())
                    .isZero();
            Ran wrongKey = custosWith(bobConfig, PASSWORD + "\n" + "A".repeat(43) + "\n", "move", "in",
                    file.toString());
            assertThat(wrongKey.err()).contains("does not open with this transfer key");
            Ran in = custosWith(bobConfig, PASSWORD + "\n" + key + "\n", "move", "in", file.toString());
            assertThat(in.exit()).as(in.err()).isZero();
            assertThat(in.out()).contains("arrived in US", "claims the account at", "Receipt");
            String receipt = in.out().lines().filter(line -> line.startsWith("Receipt")).findFirst().orElseThrow()
                    .replaceAll(".*: ", "").strip();

            Ran complete = custos(PASSWORD + "\n", "move", "complete", ada.workspace(), "--receipt", receipt);
            assertThat(complete.exit()).as(complete.err()).isZero();
            assertThat(ada.browser().send("GET", "/api/workspaces", null).toString())
                    .doesNotContain(ada.workspace());
        }
    }

    /** Signs a person up on another installation, with a workspace there and an API key; the key. */
    private static JsonNode usSetUp(HttpClient browser, String base, String code, String email) throws Exception {
        java.util.function.BiFunction<String, Object, JsonNode> post = (path, body) -> {
            try {
                String token = ((CookieManager) browser.cookieHandler().orElseThrow()).getCookieStore().getCookies()
                        .stream().filter(c -> c.getName().equals("XSRF-TOKEN")).map(java.net.HttpCookie::getValue)
                        .findFirst().orElse("");
                var response = browser.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("X-XSRF-TOKEN", token).header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isLessThan(300);
                return JSON.readTree(response.body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        browser.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/csrf")).build(),
                HttpResponse.BodyHandlers.ofString());
        post.apply("/api/auth/sign-up", Map.of("code", code, "email", email, "password", PASSWORD, "name",
                "Bob Receiver", "ageConfirmed", true));
        post.apply("/api/auth/sign-in", Map.of("email", email, "password", PASSWORD));
        String workspace = post.apply("/api/workspaces", Map.of("name", "Receiving", "region", "US")).path("id")
                .asString();
        return post.apply("/api/workspaces/" + workspace + "/api-keys", Map.of("name", "cli", "scopes",
                List.of("read"))).path("token");
    }

    @Test
    @DisplayName("an agent is created, run with its work streamed, its approval prompt answered, and reviewed")
    void createRunAndReview() throws Exception {
        Person bo = person("Bo Cli", "read", "write", "admin");
        signedIn(bo);
        Ran created = custos("", "agents", "create", "--name", "Calc", "--instructions", "Count.", "--tool", "calculator",
                "--approve", "calculator", "--tool", "datetime");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(custos("", "agents", "list").out()).contains("Calc", "offline/scripted-demo", "calculator (approval)");
        assertThat(custos("", "agents", "show", "calc").out()).contains("Count.");

        Ran time = custos("", "run", "Calc", "What", "time", "is", "it?");
        assertThat(time.exit()).as(time.err()).isZero();
        assertThat(time.out()).startsWith("It is ").contains("right now.");
        assertThat(time.err()).contains("⚙ datetime");

        Ran approved = custos("y\n", "run", "Calc", "Calculate six times seven");
        assertThat(approved.exit()).as(approved.err()).isZero();
        assertThat(approved.err()).contains("Allow calculator {\"expression\":\"6*7\"}? [y/N]", "approved", "→ 42");
        assertThat(approved.out().strip()).isEqualTo("The result is 42.");

        Ran rejected = custos("n\n", "run", "Calc", "Calculate it");
        assertThat(rejected.exit()).isZero();
        assertThat(rejected.err()).contains("rejected");
        assertThat(rejected.out()).contains("a person rejected the call");

        Ran scripted = custos("", "run", "--json", "--approve-all", "Calc", "Calculate once more");
        List<JsonNode> events = scripted.out().lines().map(JSON::readTree).toList();
        assertThat(events).extracting(e -> e.path("kind").asString()).contains("approval_requested",
                "approval_decided", "tool_result", "run_completed");

        Ran list = custos("", "sessions", "list", "--agent", "Calc");
        assertThat(list.out()).contains("Calculate six times seven", "What time is it?", "idle");
        assertThat(custos("", "sessions", "list", "--search", "once more").out()).contains("Calculate once more")
                .doesNotContain("six times");
        String session = approved.err().lines().filter(line -> line.startsWith("session ")).findFirst().orElseThrow()
                .substring("session ".length());
        Ran shown = custos("", "sessions", "show", session);
        assertThat(shown.out()).contains("you: Calculate six times seven", "⚙ calculator", "approved", "→ 42",
                "agent: The result is 42.");

        Ran usage = custos("", "usage");
        assertThat(usage.out()).contains("Calc", "TOKENS IN");
        Ran audit = custos("", "audit", "verify");
        assertThat(audit.exit()).as(audit.err()).isZero();
        assertThat(audit.out()).contains("intact");

        assertThat(custos("", "run", "Nobody", "hi").exit()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(custos("", "sessions", "show", "not-an-id").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(custos("", "run", "Calc").exit()).as("no message").isEqualTo(ExitCode.USAGE);
    }

    @Test
    @DisplayName("device login: the terminal shows a code, the person approves it in the browser, the key arrives "
            + "once; logout revokes it")
    void deviceLogin() throws Exception {
        Person cy = person("Cy Cli", "read");
        var out = new StringWriter();
        var err = new StringWriter();
        CompletableFuture<Integer> login = CompletableFuture.supplyAsync(() -> Custos.run(new Context(
                Terminal.of(new StringReader(""), out, err), home.resolve("config"), Map.of()),
                "login", "--url", url, "--name", "Cy's laptop"));
        Matcher code = Pattern.compile("code ([A-Z]{4}-[A-Z]{4})").matcher("");
        await().atMost(Duration.ofSeconds(10)).until(() -> code.reset(err.toString()).find());
        assertThat(err.toString()).contains("/device?code=" + code.group(1));
        cy.browser().send("POST", "/api/me/device-logins/approval", Map.of("userCode", code.group(1),
                "workspaceId", cy.workspace(), "scopes", List.of("read", "write")));
        assertThat(login.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Signed in", "Cy Cli's space");
        String key = JSON.readTree(Files.readString(home.resolve("config").resolve(Settings.FILE))).path("apiKey")
                .asString();
        assertThat(custos("", "agents", "list").exit()).isZero();

        Ran logout = custos("", "logout");
        assertThat(logout.exit()).as(logout.err()).isZero();
        assertThat(custos("", "agents", "list").exit()).isEqualTo(ExitCode.NOT_SIGNED_IN);
        var revoked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/workspaces"))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).as("the key is revoked on the server, not only forgotten").isEqualTo(401);
    }

    @Test
    @DisplayName("connections are added, listed, narrowed and revoked; documents are added with a progress bar and "
            + "searched")
    void connectionsAndKnowledge() throws Exception {
        Person kim = person("Kim Cli", "read", "write", "admin");
        signedIn(kim);
        try (var tracker = dev.custos.fakes.FakeMcpServer.start()) {
            Ran added = custos("", "connections", "add", tracker.endpoint().toString(), "--name", "Tracker",
                    "--handle", "tracker", "--scope", "read-write");
            assertThat(added.exit()).as(added.err()).isZero();
            assertThat(added.out()).contains("Tracker (tracker): active, read-write, 4 tools",
                    "tracker__search_tickets  read");
        }
        Ran listed = custos("", "connections", "list");
        assertThat(listed.out()).contains("Tracker", "tracker", "read-write", "active");
        String id = JSON.readTree(custos("", "connections", "list", "--json").out()).get(0).path("id").asString();
        assertThat(custos("", "connections", "scope", id, "read-only").out())
                .contains("read-only", "tracker__create_ticket  write  (not offered to agents)");
        assertThat(custos("", "connections", "scope", id, "everything").exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(custos("", "connections", "revoke", id).out()).contains("revoked");
        Ran notSetUp = custos("", "connections", "connect", "github", "--name", "GitHub", "--handle", "gh");
        assertThat(notSetUp.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(notSetUp.err()).contains("GitHub is not set up on this installation");

        assertThat(custos("", "knowledge", "add", "nothing.md").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(custos("", "knowledge", "create", "Handbook").exit()).isZero();
        Path notes = home.resolve("holidays.md");
        Files.writeString(notes, "# Holidays\n\nEveryone gets twenty-five days of paid vacation.\n");
        Ran uploaded = custos("", "knowledge", "add", notes.toString());
        assertThat(uploaded.exit()).as(uploaded.err()).isZero();
        assertThat(uploaded.out()).contains("holidays.md: uploaded, ingesting.");
        assertThat(uploaded.err()).contains("[" + "#".repeat(30) + "]");
        await().until(() -> custos("", "knowledge", "search", "vacation", "days").out().contains("[1] holidays.md"));
        assertThat(custos("", "knowledge", "list").out()).contains("Handbook", "full-text");
    }

    @Test
    @DisplayName("export downloads the person's data after their password; a wrong password downloads nothing")
    void export() throws Exception {
        Person di = person("Di Cli", "read", "write");
        signedIn(di);
        Path zip = home.resolve("mine.zip");
        Ran wrong = custos("not-my-password\n", "export", "-o", zip.toString());
        assertThat(wrong.exit()).isIn(ExitCode.NOT_SIGNED_IN, ExitCode.FORBIDDEN);
        assertThat(zip).doesNotExist();

        Ran exported = custos(PASSWORD + "\n", "export", "-o", zip.toString());
        assertThat(exported.exit()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("Your data is in " + zip);
        try (var entries = new ZipInputStream(Files.newInputStream(zip))) {
            assertThat(entries.getNextEntry().getName()).isEqualTo("custos-export.json");
            assertThat(new String(entries.readAllBytes())).contains(di.email());
        }
    }

    @Test
    @DisplayName("delete-account needs the typed confirmation and the password, then signs the terminal out")
    void deleteAccount() throws Exception {
        Person ed = person("Ed Cli", "read");
        signedIn(ed);
        assertThat(custos("no\n", "delete-account").exit()).isEqualTo(ExitCode.INTERRUPTED);
        Ran deleted = custos(DeleteAccountCommand.CONFIRMATION + "\n" + PASSWORD + "\n", "delete-account");
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("erasure has begun");
        assertThat(custos("", "status").exit()).isEqualTo(ExitCode.NOT_SIGNED_IN);
    }

    @Test
    @DisplayName("an unreachable server exits 7 with a sentence, not a stack trace")
    void unreachable() {
        Ran ran = custos("", "login", "--url", "http://127.0.0.1:1", "--api-key", "cst_x_y");
        assertThat(ran.exit()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(ran.err()).contains("Cannot reach Custos at http://127.0.0.1:1").doesNotContain("Exception");
    }
}
