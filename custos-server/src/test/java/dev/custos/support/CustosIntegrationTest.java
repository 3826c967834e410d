package dev.custos.support;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.custos.fakes.FakeSmtpServer;
import dev.custos.fakes.FakeStripe;
import dev.custos.identity.Invitations;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the whole application once, on its own embedded PostgreSQL, and talks to it over HTTP. Each test makes
 * its own people and workspaces (unique emails), so tests share the server but no state.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "custos.database.data-directory=target/test-postgres",
        "custos.database.clean-on-start=true",
        // Tests accept losing their data on a crash, for speed; the crash tests run durable servers of their own.
        "custos.database.durable=false",
        "custos.keys.master-key-file=target/test-keys/master-key.json",
        "custos.agents.resume-interval=500ms",
        "custos.models.first-backoff=10ms",
        // Where people reach the installation, as in production behind TLS: passkeys are bound to this origin.
        "custos.identity.base-url=" + CustosIntegrationTest.ORIGIN,
        // As behind a reverse proxy: the client address comes from X-Forwarded-For (ApiClient sends one).
        "server.forward-headers-strategy=native",
        // The operator's Prometheus scrapes with this token (OperationsTest).
        "custos.operations.metrics-token=" + CustosIntegrationTest.METRICS_TOKEN,
        // Backups are made when a test asks (BackupTest), never by the clock.
        "custos.backup.directory=target/test-backups",
        "custos.backup.schedule=-",
        "custos.backup.keys-schedule=-"})
public abstract class CustosIntegrationTest {

    public static final String PASSWORD = "a-long-enough-passphrase";

    public static final String METRICS_TOKEN = "test-metrics-token-0123456789";

    /** The origin the test installation is reached at (its base URL). */
    public static final String ORIGIN = "https://custos.test";

    /** The operator's mail relay, as every test installation uses it: mail Custos sends lands here. */
    protected static final FakeSmtpServer MAIL = new FakeSmtpServer();

    /**
     * The payment processor, as installations that bill use it ({@code custos.billing.processor=stripe}); the
     * others never call it.
     */
    protected static final FakeStripe STRIPE = FakeStripe.startWithTestPrices();

    @DynamicPropertySource
    static void mailRelay(DynamicPropertyRegistry properties) {
        properties.add("spring.mail.host", () -> "127.0.0.1");
        properties.add("spring.mail.port", MAIL::port);
        properties.add("custos.billing.stripe.secret-key", () -> FakeStripe.SECRET_KEY);
        properties.add("custos.billing.stripe.webhook-secret", () -> FakeStripe.WEBHOOK_SECRET);
        properties.add("custos.billing.stripe.api-base", () -> STRIPE.baseUrl().toString());
    }

    /** The confirmation code in the first mail to this address that carries one. */
    protected static String mailedCode(String to) {
        var message = MAIL.await(m -> m.to().contains(to) && m.data().contains("code="), Duration.ofSeconds(10));
        Matcher code = Pattern.compile("code=([A-Za-z0-9_-]+)").matcher(message.data());
        assertThat(code.find()).isTrue();
        return code.group(1);
    }

    /** The text of the latest mail to this address whose subject contains this. */
    protected static String lastMail(String to, String subject) {
        return MAIL.await(m -> m.to().contains(to) && m.header("Subject").orElse("").contains(subject),
                Duration.ofSeconds(10)).data();
    }

    /** Publishes the workspace's public request form as its owner; returns the form's code. */
    protected String publishRequestForm(SignedIn owner, UUID workspace) {
        var published = owner.client().post("/api/workspaces/" + workspace + "/request-form", Map.of());
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        return published.text("code");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected Invitations invitations;

    /** The app role's connection pool: what every request uses, subject to row-level security. */
    @Autowired
    protected DataSource appDataSource;

    /** The owner role (a superuser in the embedded server): stands for an administrator with database access. */
    @Autowired
    @Qualifier("ownerDataSource")
    protected DataSource ownerDataSource;

    protected JdbcClient asOwner() {
        return JdbcClient.create(ownerDataSource);
    }

    /** The key store's own database, as its owner (the embedded server's superuser). */
    protected JdbcClient asKeyStoreOwner() {
        return JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                java.util.Objects.requireNonNull(database.embeddedKeysJdbcUrl()), database.owner().username(),
                database.owner().password()));
    }

    /** The database server the installation runs on, with the roles it signs in as. */
    @Autowired
    protected dev.custos.platform.database.DatabaseServer database;

    protected JdbcClient asApp() {
        return JdbcClient.create(appDataSource);
    }

    protected ApiClient anonymous() {
        return new ApiClient(port);
    }

    /** Every row of every table of the main database, as text: what a dump or a backup would hold. */
    protected String dumpOfTheMainDatabase() {
        StringBuilder dump = new StringBuilder();
        for (String table : asOwner().sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                .query(String.class).list()) {
            asOwner().sql("SELECT * FROM " + table).query(rs -> {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    dump.append(value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1) : value)
                            .append('\t');
                }
                dump.append('\n');
            });
        }
        return dump.toString();
    }

    /** Downloads a zip with the person's session cookie; returns its entries by name. */
    protected Map<String, byte[]> downloadZip(SignedIn person, String path) throws java.io.IOException,
            InterruptedException {
        String cookies = person.client().cookie("CUSTOS_SESSION").map(c -> "CUSTOS_SESSION=" + c.getValue())
                .orElseThrow();
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + path)).header("Cookie", cookies).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/zip");
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(response.body()))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    /** The installation administrator who issues the invitations test people sign up with. */
    private static dev.custos.platform.@org.jspecify.annotations.Nullable PersonId issuer;

    /** Signs up a new person with a fresh installation invitation and signs them in. */
    protected SignedIn signUp(String name) {
        return signUpWith(invitations.issue(issuer()).code(), name);
    }

    /**
     * Signs up with a bootstrap invitation (issued by nobody), as the first person of an installation does:
     * they become an installation administrator and get the demo workspace.
     */
    protected SignedIn signUpAsInstallationAdmin(String name) {
        return signUpWith(invitations.issue(null).code(), name);
    }

    private synchronized dev.custos.platform.PersonId issuer() {
        if (issuer == null) {
            issuer = new dev.custos.platform.PersonId(signUpAsInstallationAdmin("Fixture Admin").personId());
        }
        return issuer;
    }

    protected SignedIn signUpWith(String code, String name) {
        return signUp(anonymous(), code, name);
    }

    /** Signs up with an invitation code through this client, then signs in with it; any installation will do. */
    public static SignedIn signUp(ApiClient client, String code, String name) {
        String email = name.toLowerCase().replace(' ', '.') + "." + UUID.randomUUID().toString().substring(0, 8)
                + "@example.com";
        var signedUp = client.post("/api/auth/sign-up", Map.of("code", code, "email", email, "password", PASSWORD,
                "name", name, "ageConfirmed", true));
        assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(201);
        var signedIn = client.post("/api/auth/sign-in", Map.of("email", email, "password", PASSWORD));
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
        return new SignedIn(client, UUID.fromString(signedUp.text("personId")), email);
    }

    /** Creates a workspace owned by this person and returns its id. */
    protected UUID createWorkspace(SignedIn owner, String name) {
        var created = owner.client().post("/api/workspaces", Map.of("name", name, "region", "EU"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }

    /** Invites a new person into a workspace with a role; they sign up with the invite code. */
    protected SignedIn addMember(SignedIn admin, UUID workspace, String role, String name) {
        var invite = admin.client().post("/api/workspaces/" + workspace + "/invites", Map.of("role", role));
        assertThat(invite.status()).as(invite.body()).isEqualTo(201);
        return signUpWith(invite.text("code"), name);
    }

    protected String createApiKey(SignedIn person, UUID workspace, String... scopes) {
        var created = person.client().post("/api/workspaces/" + workspace + "/api-keys",
                Map.of("name", "test key", "scopes", java.util.List.of(scopes)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("token");
    }

    /** An agent named Helper on the offline model, in a workspace the person may write to; returns its id. */
    protected String createOfflineAgent(SignedIn person, UUID workspace) {
        var created = person.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Helper",
                "instructions", "Help.", "model", "offline/scripted-demo"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    /** Starts a session with a message, waits until its run is over, and returns the session's path. */
    protected String runSession(SignedIn person, UUID workspace, String agent, String message) {
        String sessions = "/api/workspaces/" + workspace + "/agents/" + agent + "/sessions";
        var started = person.client().post(sessions, Map.of("message", message));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String path = sessions + "/" + started.text("id");
        org.awaitility.Awaitility.await().until(() -> person.client().get(path).json().path("session")
                .path("status").asString().equals("idle"));
        return path;
    }

    /** The installation administrator of the test installation, who registers model providers. */
    private static @org.jspecify.annotations.Nullable SignedIn providerAdmin;

    protected synchronized SignedIn installationAdmin() {
        if (providerAdmin == null) {
            providerAdmin = signUpAsInstallationAdmin("Provider Admin");
        }
        return providerAdmin;
    }

    /** Registers a model provider (a unique name each time) and returns its id and name. */
    protected Registered registerProvider(String kind, java.net.URI baseUrl, boolean zeroRetention,
                                          String... models) {
        return registerProvider(kind, baseUrl, zeroRetention, false, models);
    }

    /** The same, with the provider's terms on training said as well. */
    protected Registered registerProvider(String kind, java.net.URI baseUrl, boolean zeroRetention, boolean mayTrain,
                                          String... models) {
        String name = kind.replace("openai-compatible", "oac") + "-" + UUID.randomUUID().toString().substring(0, 8);
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("name", name);
        body.put("label", "Test " + kind);
        body.put("kind", kind);
        body.put("baseUrl", baseUrl.toString());
        body.put("apiKey", "sk-test-" + UUID.randomUUID());
        body.put("region", "EU");
        body.put("zeroRetention", zeroRetention);
        body.put("mayTrain", mayTrain);
        body.put("models", java.util.List.of(models));
        var created = installationAdmin().client().post("/api/providers", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Registered(UUID.fromString(created.text("id")), name);
    }

    protected void allowProvider(SignedIn admin, UUID workspace, UUID provider) {
        var allowed = admin.client().put("/api/workspaces/" + workspace + "/providers/" + provider, Map.of());
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(204);
    }

    public record Registered(UUID id, String name) {
    }

    public record SignedIn(ApiClient client, UUID personId, String email) {
    }
}
