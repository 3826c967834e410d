package dev.custos.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.fakes.FakeMcpServer;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.personaldata.MappedTable;
import dev.custos.privacy.governance.DataProcessing;
import dev.custos.support.CustosIntegrationTest;
import dev.custos.tool.ToolContext;
import dev.custos.tool.Tools;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A person's export: every module's data about them, as JSON and CSV, through a single-use link. */
class DataExportTest extends CustosIntegrationTest {

    @Autowired
    private Tools tools;

    @Autowired
    private DataMap map;

    @Autowired
    private dev.custos.billing.Ledger ledger;

    @Test
    @Tag("DR-01")
    @Tag("DR-02")
    @DisplayName("the export holds every module's data about the person, content opened, as JSON and as CSV, and "
            + "nothing about anyone else")
    void exportsEverythingAboutThePerson() throws Exception {
        SignedIn person = signUp("Exporting Person");
        UUID workspace = createWorkspace(person, "Export");
        createApiKey(person, workspace, "read");
        SignedIn colleague = addMember(person, workspace, "member", "Colleague");
        String agent = createOfflineAgent(person, workspace);
        String mine = runSession(person, workspace, agent, "hello, remember WALLABY");
        runSession(colleague, workspace, agent, "hello, remember DINGO");
        UUID session = UUID.fromString(mine.substring(mine.lastIndexOf('/') + 1));
        tools.builtIn("workspace_files").orElseThrow().call(new ToolContext(new WorkspaceId(workspace), session,
                new PersonId(person.personId())), "{\"action\":\"write\",\"path\":\"notes.md\",\"content\":\"EMU notes\"}");
        person.client().post("/api/privacy/consents", Map.of("purpose", "marketing_email", "given", true,
                "noticeVersion", "2026-11"));
        person.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Kookaburra", "instructions",
                "Answer as KOOKABURRA would.", "model", "offline/scripted-demo", "tools", List.of("calculator"),
                "approvalTools", List.of("calculator")));
        colleague.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Other", "instructions",
                "Answer as QUOLL would.", "model", "offline/scripted-demo"));

        var wrong = person.client().post("/api/privacy/exports", Map.of("password", "not it"));
        assertThat(wrong.status()).isEqualTo(403);
        var link = person.client().post("/api/privacy/exports", Map.of("password", PASSWORD));
        assertThat(link.status()).as(link.body()).isEqualTo(201);
        String url = link.text("url");
        assertThat(colleague.client().get(url).status()).as("someone else's link").isEqualTo(404);

        Map<String, byte[]> zip = downloadZip(person, url);
        assertThat(person.client().get(url).status()).as("single use").isEqualTo(404);

        JsonNode export = JsonMapper.builder().build().readTree(zip.get("custos-export.json"));
        JsonNode tables = export.path("tables");
        assertThat(export.path("person").asString()).isEqualTo(person.personId().toString());
        for (MappedTable table : map.personalTables()) {
            assertThat(tables.has(table.name())).as(table.name()).isTrue();
            assertThat(zip).containsKey("csv/" + table.name() + ".csv");
        }
        assertThat(tables.path("people").path("rows").path(0).path("email").asString()).isEqualTo(person.email());
        assertThat(tables.path("people").path("rows").path(0).has("password_hash")).isFalse();
        assertThat(tables.path("api_keys").path("rows").path(0).has("secret_hash")).isFalse();
        assertThat(tables.path("memberships").path("rows").size()).isEqualTo(1);
        assertThat(tables.path("usage_records").path("rows").size()).isPositive();
        assertThat(tables.path("consent_records").path("rows").path(0).path("purpose").asString())
                .isEqualTo("marketing_email");
        assertThat(tables.path("audit_log").path("rows").size()).isPositive();
        assertThat(tables.path("session_events").toString()).contains("WALLABY").doesNotContain("DINGO");
        assertThat(tables.path("session_files").path("rows").path(0).path("content").asString())
                .isEqualTo("EMU notes");
        assertThat(tables.path("session_events").path("legalBasis").asString()).isEqualTo("contract");
        JsonNode made = tables.path("agents").path("rows").valueStream()
                .filter(row -> row.path("name").asString().equals("Kookaburra")).findFirst().orElseThrow();
        assertThat(made.path("instructions").asString()).as("the agents they made, to take elsewhere")
                .isEqualTo("Answer as KOOKABURRA would.");
        assertThat(made.path("tools").toString()).contains("calculator");
        assertThat(made.path("approval_tools").toString()).contains("calculator");
        assertThat(made.path("model").asString()).isEqualTo("scripted-demo");

        String peopleCsv = new String(zip.get("csv/people.csv"), StandardCharsets.UTF_8);
        assertThat(peopleCsv.lines().findFirst().orElseThrow()).startsWith("person_id,email,name");
        assertThat(peopleCsv).contains(person.email());
        assertThat(new String(zip.get("csv/session_events.csv"), StandardCharsets.UTF_8)).contains("WALLABY");
        String all = new String(zip.values().stream().reduce(new byte[0], DataExportTest::concat),
                StandardCharsets.UTF_8);
        assertThat(all).doesNotContain("DINGO").doesNotContain("QUOLL").doesNotContain(colleague.email())
                .doesNotContain("argon2");
    }

    /**
     * Tables that name a person but are deliberately left out of that person's export, each with why. Anything
     * else the catalogue shows naming a person must be in the export.
     */
    private static final Map<String, String> NOT_EXPORTED = Map.of(
            "legal_holds", "a hold may be withheld from the person it names while the matter is open (GDPR Art. 23)",
            "erasure_jobs", "exists only once the account is being erased, when there is no one to export to",
            "sign_in_attempts", "names an email or address, not an account; throttling state kept 15 minutes",
            "http_sessions", "the sign-in session itself, a cookie's server half; holds no data about the person");

    @Test
    @Tag("DR-01")
    @DisplayName("every table the database shows naming a person is in their export, holds rows when they have "
            + "rows, and names nobody else")
    void everyTableThatNamesThePersonIsExported() throws Exception {
        SignedIn person = signUpAsInstallationAdmin("Everywhere Person");
        PersonId id = new PersonId(person.personId());
        String colleagueName = "Colleague " + UUID.randomUUID().toString().substring(0, 8);
        SignedIn colleague = signUp(colleagueName);
        String base = fillEveryTable(person, colleague);

        // Independent of the data map: the catalogue's columns that can name a person, by table.
        Map<String, List<String>> personColumns = personColumnsInTheCatalogue();
        java.util.Set<String> naming = personColumns.keySet();
        assertThat(naming).as("the catalogue query finds the obvious ones").contains("people", "agent_sessions",
                "usage_records", "consent_records", "passkeys");

        var link = person.client().post("/api/privacy/exports", Map.of("password", PASSWORD));
        Map<String, byte[]> zip = downloadZip(person, link.text("url"));
        JsonNode tables = JsonMapper.builder().build().readTree(zip.get("custos-export.json")).path("tables");
        List<String> missing = new java.util.ArrayList<>();
        List<String> empty = new java.util.ArrayList<>();
        for (String table : naming) {
            if (NOT_EXPORTED.containsKey(table)) {
                assertThat(tables.has(table)).as(table + " is listed as not exported").isFalse();
                continue;
            }
            if (!tables.has(table) || !zip.containsKey("csv/" + table + ".csv")) {
                missing.add(table);
                continue;
            }
            long theirs = asOwner().sql("SELECT count(*) FROM " + table + " t WHERE " + String.join(" OR ",
                            personColumns.get(table).stream().map(column -> "t." + column + " = :p").toList()))
                    .param("p", id.id()).query(Long.class).single();
            JsonNode rows = tables.path(table).path("rows");
            String csv = new String(zip.get("csv/" + table + ".csv"), StandardCharsets.UTF_8);
            if (theirs == 0 || rows.isEmpty() || csv.lines().count() < 2) {
                empty.add(table + " (" + theirs + " rows of theirs, " + rows.size() + " exported)");
            }
        }
        assertThat(missing).as("tables naming a person that their export leaves out").isEmpty();
        assertThat(empty).as("tables where the person has no rows, or none were exported").isEmpty();

        String all = new String(zip.values().stream().reduce(new byte[0], DataExportTest::concat),
                StandardCharsets.UTF_8);
        assertThat(all).as("nobody else is named").doesNotContain(colleague.personId().toString(), colleague.email(),
                colleagueName, "COLLEAGUE-SECRET");
        assertThat(all).contains("PERSON-SECRET", person.email());
        assertThat(person.client().get(base).status()).isEqualTo(200);
    }

    /**
     * Every column of the main database that can name a person, by table: uuid columns called person_id,
     * actor_id, *_person_id or *_by, and foreign keys to people. Partitions stand for their parent.
     */
    private Map<String, List<String>> personColumnsInTheCatalogue() {
        return asOwner().sql("""
                        SELECT c.table_name, c.column_name FROM information_schema.columns c
                        WHERE c.table_schema = 'public' AND c.data_type = 'uuid'
                          AND (c.column_name IN ('person_id', 'actor_id') OR c.column_name LIKE '%\\_person\\_id'
                               OR c.column_name LIKE '%\\_by')
                          AND c.table_name NOT IN (SELECT relname FROM pg_class WHERE relispartition)
                        UNION
                        SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc
                          JOIN information_schema.key_column_usage kcu USING (constraint_name, table_schema)
                          JOIN information_schema.constraint_column_usage cu USING (constraint_name, table_schema)
                        WHERE tc.constraint_type = 'FOREIGN KEY' AND cu.table_name = 'people'
                          AND tc.table_schema = 'public'
                          AND tc.table_name NOT IN (SELECT relname FROM pg_class WHERE relispartition)""")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .collect(java.util.stream.Collectors.groupingBy(Map.Entry::getKey, java.util.TreeMap::new,
                        java.util.stream.Collectors.mapping(Map.Entry::getValue,
                                java.util.stream.Collectors.toList())));
    }

    /**
     * Gives the person rows in every table that can name them: through the API wherever Custos has one, and
     * directly for what only an outside party writes (a payment processor, an identity provider, a device).
     * The colleague does the same things beside them, so their rows are there to be left out. Returns the
     * person's workspace path.
     */
    private String fillEveryTable(SignedIn person, SignedIn colleague) {
        UUID workspace = createWorkspace(person, "Everything");
        String base = "/api/workspaces/" + workspace;
        var invite = person.client().post(base + "/invites", Map.of("role", "member"));
        colleague.client().post("/api/invites/accept", Map.of("code", invite.text("code")));
        createApiKey(person, workspace, "read");
        createApiKey(colleague, workspace, "read");
        Registered provider = registerProvider("openai-compatible", java.net.URI.create("http://127.0.0.1:9/v1"),
                true, "m");
        allowProvider(person, workspace, provider.id());
        person.client().put(base + "/model-settings", Map.of("redaction", false));
        person.client().put(base + "/model-routes/default", Map.of("targets", List.of(Map.of("model",
                provider.name() + "/m", "weight", 1))));
        person.client().post(base + "/private-models", Map.of("model", provider.name() + "/private-m", "label",
                "Private"));
        assertThat(person.client().post("/api/support/requests", Map.of("subject", "PERSON-SECRET help",
                "message", "PERSON-SECRET question")).status()).isEqualTo(201);
        // Product news: the person consents, and as an administrator sends some (unsubscribe links, a message).
        person.client().post("/api/privacy/consents", Map.of("purpose", "marketing_email", "given", true,
                "noticeVersion", "2026-01"));
        assertThat(person.client().post("/api/admin/marketing/messages", Map.of("subject", "News",
                "body", "PERSON-SECRET is not in news; the sender is.")).status()).isEqualTo(201);
        try (var models = dev.custos.fakes.FakeModelProvider.start()) {
            Registered tunable = registerProvider("openai", models.baseUrl(), true, "gpt-base");
            allowProvider(person, workspace, tunable.id());
            assertThat(person.client().upload(base + "/fine-tunes?model=" + tunable.name() + "/gpt-base",
                    "examples.jsonl", "application/jsonl", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                            .getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(202);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        person.client().put(base + "/tool-settings", Map.of("httpAllowedHosts", List.of("crm.example.test")));
        person.client().put(base + "/terminal-tools", Map.of("allowed", "read"));
        person.client().post("/api/me/email-change", Map.of("email", "moving." + UUID.randomUUID().toString()
                .substring(0, 8) + "@example.net", "password", PASSWORD));
        // As if their account had arrived with a workspace moved from another region and were still unclaimed.
        asOwner().sql("""
                        INSERT INTO account_claims (person_id, code_hash, issued_at, expires_at)
                        VALUES (:p, :hash, now(), now() + interval '14 days')""")
                .param("p", person.personId()).param("hash", "0".repeat(64)).update();
        person.client().post(base + "/tool-credentials", Map.of("name", "CRM", "host", "crm.example.test",
                "secret", "s3cret-" + UUID.randomUUID()));
        person.client().put(base + "/retention", Map.of("runLogDays", 60));
        String handbook = person.client().post(base + "/knowledge-bases", Map.of("name", "Handbook")).text("id");
        String document = person.client().upload(base + "/knowledge-bases/" + handbook + "/documents", "rules.md",
                "text/markdown", "# Rules\n\nBe kind.".getBytes(StandardCharsets.UTF_8)).text("id");
        org.awaitility.Awaitility.await().until(() -> person.client().get(base + "/knowledge-bases/" + handbook
                + "/documents/" + document).text("status").equals("ready"));
        try (FakeMcpServer mcp = FakeMcpServer.start()) {
            person.client().post(base + "/connections", Map.of("kind", "mcp", "name", "Tracker", "handle",
                    "tracker", "url", mcp.endpoint().toString(), "scope", "read-only"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // An installation administrator's connector app, and a sign-in to it under way.
        installationAdmin().client().delete("/api/admin/connector-apps/notion");
        person.client().put("/api/admin/connector-apps/notion", Map.of("clientId", "export-app", "clientSecret",
                "export-app-client-secret-value"));
        person.client().post(base + "/connections/oauth", Map.of("kind", "notion", "name", "Wiki", "handle", "wiki",
                "scope", "read-only"));
        person.client().put(base + "/data-processing", Map.of("processorMode", true, "dpaVersion",
                DataProcessing.DPA_VERSION));
        String endUser = "end.user." + UUID.randomUUID().toString().substring(0, 8) + "@example.net";
        anonymous().post("/api/privacy/end-user-requests", Map.of("form", publishRequestForm(person,
                workspace), "kind", "access", "email", endUser, "details", "What do you hold about me?"));
        anonymous().post("/api/privacy/end-user-requests/confirmation", Map.of("code", mailedCode(endUser)));
        String endUserRequest = person.client().get(base + "/end-user-requests").json().get(0).path("id").asString();
        person.client().post(base + "/end-user-requests/" + endUserRequest + "/instruction",
                Map.of("decision", "decline", "note", "Not our customer."));

        var agent = person.client().post(base + "/agents", Map.of("name", "Counter", "instructions", "Count.",
                "model", "offline/scripted-demo", "tools", List.of("calculator", "workspace_files"),
                "approvalTools", List.of("calculator")));
        assertThat(person.client().post(base + "/agents/" + agent.text("id") + "/schedules", Map.of("cron", "@daily",
                "message", "Count the day.")).status()).isEqualTo(201);
        String sessions = base + "/agents/" + agent.text("id") + "/sessions";
        var started = person.client().post(sessions, Map.of("message", "Calculate six times seven, PERSON-SECRET"));
        String session = sessions + "/" + started.text("id");
        org.awaitility.Awaitility.await().until(() -> person.client().get(session).json().path("session")
                .path("status").asString().equals("awaiting_approval"));
        String callId = person.client().get(session).json().path("events").valueStream()
                .filter(event -> event.path("kind").asString().equals("approval_requested")).findFirst()
                .orElseThrow().path("meta").path("callId").asString();
        person.client().post(session + "/approvals/" + callId, Map.of("approve", true));
        org.awaitility.Awaitility.await().until(() -> person.client().get(session).json().path("session")
                .path("status").asString().equals("idle"));
        UUID sessionId = UUID.fromString(started.text("id"));
        tools.builtIn("workspace_files").orElseThrow().call(new ToolContext(new WorkspaceId(workspace), sessionId,
                new PersonId(person.personId())), "{\"action\":\"write\",\"path\":\"a.md\",\"content\":\"x\"}");
        runSession(colleague, workspace, agent.text("id"), "hello, COLLEAGUE-SECRET");

        person.client().post("/api/privacy/consents", Map.of("purpose", "marketing_email", "given", true,
                "noticeVersion", "2026-11"));
        person.client().post("/api/privacy/requests", Map.of("kind", "access", "jurisdiction", "GDPR",
                "password", PASSWORD));
        person.client().post("/api/privacy/objections", Map.of("purpose", "product_analytics",
                "jurisdiction", "GDPR"));
        person.client().post(base + "/access-reviews", Map.of("note", "All needed."));
        UUID closing = createWorkspace(person, "Closing");
        person.client().put("/api/workspaces/" + closing + "/closure", Map.of("instruction", "return",
                "password", PASSWORD));
        person.client().post("/api/admin/breaches", Map.of("detectedAt", java.time.Instant.now().toString(),
                "description", "A test incident.", "categories", List.of("user.contact.email"), "highRisk", false,
                "affected", List.of(person.personId())));
        // A new sub-processor changes the generated policy, so there is a new version for them to publish.
        person.client().post("/api/admin/sub-processors", Map.of("name", "Mailer " + UUID.randomUUID(),
                "purpose", "Sends account email", "location", "EU", "transferSafeguard", "none needed",
                "zeroRetention", true));
        person.client().post("/api/admin/privacy/policy/versions", Map.of("material", true, "summary", "A mailer."));
        var policy = person.client().get("/api/privacy/policy").json();
        person.client().post("/api/privacy/policy/acceptance", Map.of("version",
                policy.path("current").path("version").asString()));
        assertThat(anonymous().post("/api/auth/sign-in", Map.of("email", person.email(), "password", PASSWORD,
                "rememberMe", true)).status()).isEqualTo(200);
        ledger.record(new WorkspaceId(workspace), new dev.custos.billing.Ledger.Entry(
                dev.custos.billing.Ledger.Kind.CHARGE, 1200, "EUR", "stripe", "in_" + UUID.randomUUID(),
                new PersonId(person.personId()), "Team plan", java.time.Instant.now()));

        // What only an outside party writes: an identity provider's link, a device's passkey and login, a
        // second factor enrolled on a phone, product analytics counted before the objection.
        UUID sso = UUID.randomUUID();
        for (String insert : List.of("""
                INSERT INTO sso_providers (provider_id, name, label, issuer_url, client_id, scopes, created_by,
                                           created_at, updated_at)
                VALUES (:id, :name, 'Test IdP', 'https://idp.example.test', 'custos', ARRAY['openid'], :p, now(),
                        now())""", """
                INSERT INTO external_identities (provider_id, subject, person_id, linked_at)
                VALUES (:id, 'sub-1', :p, now())""", """
                INSERT INTO passkeys (credential_id, person_id, public_key, sign_count, uv_initialized,
                                      backup_eligible, backup_state, transports, label, created_at)
                VALUES (decode(md5(:name), 'hex'), :p, '\\x00', 0, true, false, false, ARRAY['internal'], 'Phone',
                        now())""", """
                INSERT INTO device_logins (login_id, device_code_hash, user_code_hash, client_name, created_at,
                                           expires_at, decided_by, decided_at, approved)
                VALUES (:id, md5(:name || 'd'), md5(:name || 'u'), 'custos CLI', now(),
                        now() + interval '10 minutes', :p, now(), true)""", """
                INSERT INTO totp_factors (person_id, secret, created_at, confirmed_at)
                VALUES (:p, '\\x00', now(), now())""", """
                INSERT INTO backup_codes (person_id, code_hash, created_at) VALUES (:p, md5(:name), now())""", """
                INSERT INTO product_events (person_id, feature, occurred_at) VALUES (:p, 'agents.run', now())""")) {
            var statement = asOwner().sql(insert).param("p", person.personId());
            if (insert.contains(":id")) {
                statement = statement.param("id", sso);
            }
            if (insert.contains(":name")) {
                statement = statement.param("name", "idp-" + sso.toString().substring(0, 8));
            }
            statement.update();
        }
        return base;
    }

    @Test
    @DisplayName("an expired link is refused with a clear problem and exports nothing")
    void expiredLink() {
        SignedIn person = signUp("Late Person");
        var link = person.client().post("/api/privacy/exports", Map.of("password", PASSWORD));
        asOwner().sql("UPDATE data_exports SET expires_at = now() - interval '1 minute' WHERE export_id = :id")
                .param("id", UUID.fromString(link.text("exportId"))).update();
        var refused = person.client().get(link.text("url"));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.problemType()).isEqualTo("/problems/not-found");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
