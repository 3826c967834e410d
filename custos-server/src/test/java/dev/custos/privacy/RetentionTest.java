package dev.custos.privacy;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.privacy.erasure.Erasures;
import dev.custos.privacy.retention.Retention;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Retention by a scheduled job, per workspace settings, recorded, and stopped exactly where a legal hold says. */
class RetentionTest extends CustosIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    private Retention retention;

    /** A workspace with one finished session and its usage, both made {@code days} old. */
    private UUID workspaceWithOldRun(SignedIn owner, String name, int days) {
        UUID workspace = createWorkspace(owner, name);
        runSession(owner, workspace, createOfflineAgent(owner, workspace), "hello");
        asOwner().sql("UPDATE agent_sessions SET updated_at = now() - make_interval(days => :d) WHERE workspace_id = :w")
                .param("d", days).param("w", workspace).update();
        asOwner().sql("UPDATE usage_records SET occurred_at = now() - make_interval(days => :d) WHERE workspace_id = :w")
                .param("d", days).param("w", workspace).update();
        return workspace;
    }

    private long count(String table, UUID workspace) {
        return asOwner().sql("SELECT count(*) FROM " + table + " WHERE workspace_id = :w").param("w", workspace)
                .query(Long.class).single();
    }

    private void runRetention() {
        var ran = installationAdmin().client().post("/api/admin/retention/run", null);
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
    }

    @Test
    @Tag("AI-07")
    @Tag("RT-03")
    @Tag("RT-04")
    @DisplayName("run logs and usage logs go after 90 days, a workspace may keep run logs for less, and every "
            + "purge is recorded")
    void scheduledRetention() {
        SignedIn owner = signUp("Retention Owner");
        UUID old = workspaceWithOldRun(owner, "Old", 100);
        UUID recent = workspaceWithOldRun(owner, "Recent", 10);
        // The 90 days pinned from both sides: a default that drifts either way fails here.
        UUID justOver = workspaceWithOldRun(owner, "Ninety-one days", 91);
        UUID justUnder = workspaceWithOldRun(owner, "Eighty-nine days", 89);
        UUID strict = workspaceWithOldRun(owner, "Strict", 10);
        var set = owner.client().put("/api/workspaces/" + strict + "/retention", Map.of("runLogDays", 7));
        assertThat(set.json().path("runLogDays").asInt()).isEqualTo(7);
        assertThat(addMember(owner, strict, "member", "Member").client().put("/api/workspaces/" + strict
                + "/retention", Map.of("runLogDays", 3000)).status()).isEqualTo(403);
        assertThat(count("session_events", old)).isPositive();
        asOwner().sql("""
                INSERT INTO session_files (workspace_id, session_id, path, content, size_bytes, updated_at)
                SELECT workspace_id, session_id, 'notes.txt', '\\x00'::bytea, 1, now() FROM agent_sessions
                WHERE workspace_id = :w""").param("w", old).update();

        runRetention();

        assertThat(count("agent_sessions", old)).isZero();
        assertThat(count("session_events", old)).isZero();
        assertThat(count("session_files", old)).as("files go with their session").isZero();
        assertThat(count("usage_records", old)).isZero();
        assertThat(count("agent_sessions", recent)).isEqualTo(1);
        assertThat(count("agent_sessions", justOver)).as("a run log 91 days old").isZero();
        assertThat(count("usage_records", justOver)).as("a usage log 91 days old").isZero();
        assertThat(count("agent_sessions", justUnder)).as("a run log 89 days old").isEqualTo(1);
        assertThat(count("usage_records", justUnder)).as("a usage log 89 days old").isPositive();
        assertThat(count("usage_records", recent)).isPositive();
        assertThat(count("agent_sessions", strict)).as("the workspace's own 7 days").isZero();
        assertThat(count("usage_records", strict)).as("usage keeps the default").isPositive();
        assertThat(asOwner().sql("SELECT table_name FROM retention_purges WHERE purged_workspace_id = :w")
                .param("w", old).query(String.class).list()).contains("agent_sessions", "usage_records");
        assertThat(installationAdmin().client().get("/api/admin/retention/run").status()).isEqualTo(405);
        assertThat(owner.client().post("/api/admin/retention/run", null).status()).isEqualTo(403);
    }

    @Test
    @Tag("RT-04")
    @DisplayName("an end user's answered request is kept three years as proof of the answer, then purged and the purge "
            + "recorded; one still open is never purged")
    void answeredEndUserRequestsExpire() {
        SignedIn owner = signUp("Request Keeper");
        UUID workspace = createWorkspace(owner, "Keeper of requests");
        String form = publishRequestForm(owner, workspace);
        for (String who : List.of("old", "recent", "open")) {
            String email = who + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.net";
            anonymous().post("/api/privacy/end-user-requests", Map.of("form", form, "kind", "access", "email", email));
            anonymous().post("/api/privacy/end-user-requests/confirmation", Map.of("code", mailedCode(email)));
            if (!who.equals("open")) {
                var request = installationAdmin().client().get("/api/admin/end-user-requests").json().valueStream()
                        .filter(r -> r.path("requester").path("email").asString().equals(email)).findFirst()
                        .orElseThrow();
                installationAdmin().client().post("/api/admin/end-user-requests/" + workspace + "/"
                        + request.path("id").asString() + "/instruction", Map.of("decision", "fulfil", "note", "Sent."));
            }
        }
        asOwner().sql("UPDATE end_user_requests SET instructed_at = now() - interval '3 years 1 day', received_at = "
                + "now() - interval '3 years 40 days' WHERE workspace_id = :w AND status = 'fulfilled' AND request_id = "
                + "(SELECT request_id FROM end_user_requests WHERE workspace_id = :w AND status = 'fulfilled' "
                + "ORDER BY received_at LIMIT 1)").param("w", workspace).update();
        asOwner().sql("UPDATE end_user_requests SET received_at = now() - interval '4 years', due_at = now() - "
                + "interval '4 years' WHERE workspace_id = :w AND status = 'awaiting_instruction'")
                .param("w", workspace).update();

        runRetention();

        assertThat(asOwner().sql("SELECT status FROM end_user_requests WHERE workspace_id = :w ORDER BY status")
                .param("w", workspace).query(String.class).list())
                .as("the one answered over three years ago goes; the recent and the open one stay")
                .containsExactly("awaiting_instruction", "fulfilled");
        assertThat(asOwner().sql("SELECT table_name FROM retention_purges WHERE purged_workspace_id = :w")
                .param("w", workspace).query(String.class).list()).contains("end_user_requests");
    }

    @Test
    @Tag("RT-09")
    @DisplayName("a legal hold suspends deletion of the data it names, and only that, for as long as it stands")
    void legalHold() {
        SignedIn owner = signUp("Held Owner");
        UUID held = workspaceWithOldRun(owner, "Held", 100);
        UUID free = workspaceWithOldRun(owner, "Free", 100);
        var hold = installationAdmin().client().post("/api/admin/legal-holds", Map.of("workspaceId", held,
                "tables", List.of("agent_sessions"), "reason", "Litigation hold, matter 2026-114"));
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        assertThat(owner.client().post("/api/admin/legal-holds", Map.of("workspaceId", held,
                "tables", List.of("agent_sessions"), "reason", "x")).status()).isEqualTo(403);

        runRetention();
        assertThat(count("agent_sessions", held)).as("held").isEqualTo(1);
        assertThat(count("session_events", held)).isPositive();
        assertThat(count("usage_records", held)).as("not named by the hold").isZero();
        assertThat(count("agent_sessions", free)).isZero();
        assertThat(asOwner().sql("SELECT rows_held FROM retention_purges WHERE purged_workspace_id = :w AND "
                + "table_name = 'agent_sessions'").param("w", held).query(Integer.class).list()).contains(1);

        installationAdmin().client().post("/api/admin/legal-holds/" + hold.text("id") + "/release", null);
        runRetention();
        assertThat(count("agent_sessions", held)).as("released").isZero();
    }

    private void moveUsageTo(UUID workspace, LocalDate day) {
        asOwner().sql("UPDATE usage_records SET occurred_at = :at WHERE workspace_id = :w")
                .param("at", java.sql.Timestamp.from(day.atTime(12, 0).toInstant(ZoneOffset.UTC)))
                .param("w", workspace).update();
    }

    private boolean partitionExists(LocalDate day) {
        return asOwner().sql("SELECT to_regclass(:name) IS NOT NULL")
                .param("name", "usage_records_p" + day.toString().replace("-", "")).query(Boolean.class).single();
    }

    @Test
    @Tag("RT-03")
    @Tag("RT-09")
    @DisplayName("usage expires by the whole day: an expired day is dropped and its rows counted in the purge "
            + "record; a day with rows a legal hold names stays, with only the held rows")
    void usageExpiresByTheDay() {
        SignedIn owner = signUp("Usage Day Owner");
        UUID dropped = workspaceWithOldRun(owner, "Usage dropped", 0);
        UUID held = workspaceWithOldRun(owner, "Usage held", 0);
        UUID beside = workspaceWithOldRun(owner, "Usage beside the held", 0);
        LocalDate expiredDay = LocalDate.now(ZoneOffset.UTC).minusDays(150);
        LocalDate heldDay = expiredDay.plusDays(1);
        asOwner().sql("SELECT usage_partitions_ensure(:day, 1)").param("day", expiredDay).query(Integer.class).single();
        moveUsageTo(dropped, expiredDay);
        moveUsageTo(held, heldDay);
        moveUsageTo(beside, heldDay);
        runSession(owner, beside, createOfflineAgent(owner, beside), "today's usage, not expired");
        long besideToday = count("usage_records", beside) - asOwner().sql(
                "SELECT count(*) FROM usage_records_p" + heldDay.toString().replace("-", "") + " WHERE workspace_id = :w")
                .param("w", beside).query(Long.class).single();
        assertThat(besideToday).isPositive();
        long droppedRows = count("usage_records", dropped);
        assertThat(droppedRows).isPositive();
        var hold = installationAdmin().client().post("/api/admin/legal-holds", Map.of("workspaceId", held,
                "tables", List.of("usage_records"), "reason", "Billing dispute, matter 2026-201"));
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);

        runRetention();

        assertThat(partitionExists(expiredDay)).as("the expired day is dropped whole").isFalse();
        assertThat(count("usage_records", dropped)).isZero();
        assertThat(asOwner().sql("""
                        SELECT rows_deleted FROM retention_purges
                        WHERE table_name = 'usage_records' AND purged_workspace_id IS NULL AND cutoff > :day""")
                .param("day", java.sql.Timestamp.from(expiredDay.atStartOfDay().toInstant(ZoneOffset.UTC)))
                .query(Long.class).list()).contains(droppedRows);
        assertThat(partitionExists(heldDay)).as("a day with held rows stays").isTrue();
        assertThat(count("usage_records", held)).as("held").isPositive();
        assertThat(count("usage_records", beside)).as("not held, deleted row by row; today's rows stay")
                .isEqualTo(besideToday);
        assertThat(count("usage_records", held)).isEqualTo(asOwner()
                .sql("SELECT count(*) FROM usage_records_p" + heldDay.toString().replace("-", ""))
                .query(Long.class).single());

        installationAdmin().client().post("/api/admin/legal-holds/" + hold.text("id") + "/release", null);
        runRetention();
        assertThat(partitionExists(heldDay)).as("released, the day goes").isFalse();
        assertThat(count("usage_records", held)).isZero();
    }

    @Test
    @Tag("RT-04")
    @DisplayName("while another node runs retention this one skips it, and runs it once that node is done")
    void retentionRunsOnOneNodeAtATime() throws Exception {
        SignedIn owner = signUp("Two Nodes Owner");
        UUID old = workspaceWithOldRun(owner, "Expired on two nodes", 100);
        try (var otherNode = ownerDataSource.getConnection(); var statement = otherNode.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(hashtextextended('custos-job:retention', 0))");
            assertThat(retention.run()).as("skipped: the other node holds the job").isEmpty();
            assertThat(count("agent_sessions", old)).isEqualTo(1);
            statement.execute("SELECT pg_advisory_unlock(hashtextextended('custos-job:retention', 0))");
        }
        assertThat(retention.run()).isNotEmpty();
        assertThat(count("agent_sessions", old)).isZero();
    }

    @Test
    @Tag("RT-04")
    @DisplayName("retention is scheduled to run every hour (at minute 17), not left to a person")
    void retentionIsScheduled(@org.springframework.beans.factory.annotation.Autowired
                              org.springframework.scheduling.config.ScheduledTaskHolder scheduler) {
        assertThat(scheduler.getScheduledTasks()).map(task -> task.getTask())
                .filteredOn(task -> task.toString().endsWith("Retention.run"))
                .singleElement()
                .isInstanceOfSatisfying(org.springframework.scheduling.config.CronTask.class,
                        cron -> assertThat(cron.getExpression()).isEqualTo("0 17 * * * *"));
    }

    @Test
    @Tag("RT-08")
    @DisplayName("marketing preferences are kept until the person changes them, however old")
    void marketingPreferencesStay() {
        SignedIn person = signUp("Marketing Person");
        person.client().post("/api/privacy/consents", Map.of("purpose", "marketing_email", "given", false,
                "noticeVersion", "2023-01"));
        asOwner().sql("ALTER TABLE consent_records DISABLE TRIGGER consent_records_no_update").update();
        try {
            asOwner().sql("UPDATE consent_records SET recorded_at = now() - interval '3 years' WHERE person_id = :p")
                    .param("p", person.personId()).update();
        } finally {
            asOwner().sql("ALTER TABLE consent_records ENABLE TRIGGER consent_records_no_update").update();
        }
        runRetention();
        var preference = person.client().get("/api/privacy/consents").json().path("current").valueStream()
                .filter(state -> state.path("purpose").asString().equals("marketing_email")).findFirst().orElseThrow();
        assertThat(preference.path("source").asString()).isEqualTo("settings");
        assertThat(preference.path("given").asBoolean()).isFalse();
    }

    @Autowired
    private Erasures erasures;

    @Autowired
    private dev.custos.keys.ContentSeal seal;

    @Test
    @Tag("RT-09")
    @DisplayName("erasing a person under a legal hold erases everything but what the hold names, which stays "
            + "readable; once the hold is released, that goes too")
    void personHoldSparesOnlyWhatItNames() {
        SignedIn person = signUp("Held Person");
        UUID workspace = createWorkspace(person, "Held person's own");
        String agent = createOfflineAgent(person, workspace);
        String session = runSession(person, workspace, agent, "words under a hold, NUMBAT");
        UUID sessionId = UUID.fromString(session.substring(session.lastIndexOf('/') + 1));
        var hold = installationAdmin().client().post("/api/admin/legal-holds", Map.of("personId", person.personId(),
                "tables", List.of("agent_sessions"), "reason", "Regulator's request"));
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);

        var accepted = person.client().post("/api/privacy/erasure", Map.of("password", PASSWORD));
        assertThat(accepted.status()).as("a hold does not stop the erasure").isEqualTo(202);
        UUID request = UUID.fromString(accepted.text("id"));
        await().until(() -> asOwner().sql("SELECT status FROM privacy_requests WHERE request_id = :id")
                .param("id", request).query(String.class).single().equals("completed"));

        assertThat(person.client().get("/api/me").status()).isEqualTo(401);
        assertThat(rowsOf("people", "person_id", person.personId())).as("not named by the hold").isZero();
        assertThat(rowsOf("memberships", "person_id", person.personId())).isZero();
        assertThat(rowsOf("usage_records", "person_id", person.personId())).as("anonymized").isZero();
        assertThat(rowsOf("agent_sessions", "person_id", person.personId())).as("held").isEqualTo(1);
        assertThat(count("session_events", workspace)).as("held with their session").isPositive();
        assertThat(heldWords(workspace, person.personId(), sessionId)).as("and still readable").contains("NUMBAT");
        assertThat(asOwner().sql("SELECT note FROM privacy_request_history WHERE request_id = :id ORDER BY seq DESC")
                .param("id", request).query(String.class).list().getFirst()).contains("legal hold", "agent_sessions");

        installationAdmin().client().post("/api/admin/legal-holds/" + hold.text("id") + "/release", null);
        await().until(() -> {
            erasures.runDue();
            return rowsOf("agent_sessions", "person_id", person.personId()) == 0;
        });
        assertThat(count("session_events", workspace)).isZero();
        assertThat(asKeyStoreOwner().sql("SELECT count(*) FROM subject_keys WHERE subject_id = :p")
                .param("p", person.personId()).query(Long.class).single()).as("every key destroyed").isZero();
        assertThat(asOwner().sql("SELECT count(*) FROM workspaces WHERE workspace_id = :w").param("w", workspace)
                .query(Long.class).single()).as("the workspace they owned alone goes too").isZero();
        assertThat(asOwner().sql("SELECT finished_at IS NOT NULL FROM erasure_jobs WHERE request_id = :id")
                .param("id", request).query(Boolean.class).single()).isTrue();
    }

    private long rowsOf(String table, String column, UUID person) {
        return asOwner().sql("SELECT count(*) FROM " + table + " WHERE " + column + " = :p").param("p", person)
                .query(Long.class).single();
    }

    /** The held session's words, opened as a reviewer with the right to would open them. */
    private String heldWords(UUID workspace, UUID person, UUID session) {
        return String.join(" ", asOwner().sql("SELECT seq, content FROM session_events WHERE session_id = :s "
                        + "AND content IS NOT NULL").param("s", session)
                .query((rs, n) -> seal.open(new dev.custos.platform.WorkspaceId(workspace),
                        new dev.custos.platform.PersonId(person), rs.getBytes(2),
                        "session-event|" + session + "|" + rs.getLong(1))).list());
    }
}
