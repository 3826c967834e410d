package dev.custos.privacy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
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
        tools.find("workspace_files").orElseThrow().call(new ToolContext(new WorkspaceId(workspace), session,
                new PersonId(person.personId())), "{\"action\":\"write\",\"path\":\"notes.md\",\"content\":\"EMU notes\"}");
        person.client().post("/api/privacy/consents", Map.of("purpose", "marketing_email", "given", true,
                "noticeVersion", "2026-11"));

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
        for (DataMap.Table table : map.personalTables()) {
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

        String peopleCsv = new String(zip.get("csv/people.csv"), StandardCharsets.UTF_8);
        assertThat(peopleCsv.lines().findFirst().orElseThrow()).startsWith("person_id,email,name");
        assertThat(peopleCsv).contains(person.email());
        assertThat(new String(zip.get("csv/session_events.csv"), StandardCharsets.UTF_8)).contains("WALLABY");
        String all = new String(zip.values().stream().reduce(new byte[0], DataExportTest::concat),
                StandardCharsets.UTF_8);
        assertThat(all).doesNotContain("DINGO").doesNotContain(colleague.email()).doesNotContain("argon2");
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
