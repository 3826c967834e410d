package dev.custos.agent;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Agents on a schedule: due runs start as sessions of the schedule's maker, once, then wait for the next time. */
class SchedulesTest extends CustosIntegrationTest {

    @Autowired
    private Schedules schedules;

    private String schedulesOf(UUID workspace, String agent) {
        return "/api/workspaces/" + workspace + "/agents/" + agent + "/schedules";
    }

    @Test
    @DisplayName("a due schedule starts one session with its message, on behalf of its maker, and moves to its next "
            + "time in its time zone")
    void aDueScheduleRuns() {
        SignedIn owner = signUp("Scheduling Owner");
        UUID workspace = createWorkspace(owner, "Mornings");
        String agent = createOfflineAgent(owner, workspace);
        var made = owner.client().post(schedulesOf(workspace, agent), Map.of("cron", "0 8 * * MON-FRI",
                "timeZone", "Europe/Berlin", "message", "hello, here is the morning summary"));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        Instant next = Instant.parse(made.text("nextRunAt"));
        assertThat(next.atZone(ZoneId.of("Europe/Berlin")).getHour()).as("8 in Berlin").isEqualTo(8);
        String id = made.text("id");

        asOwner().sql("UPDATE agent_schedules SET next_run_at = now() - interval '1 minute' WHERE schedule_id = :s")
                .param("s", UUID.fromString(id)).update();
        schedules.runDue();
        schedules.runDue(); // a second sweep finds nothing due: one run, not two
        JsonNode schedule = owner.client().get(schedulesOf(workspace, agent)).json().get(0);
        assertThat(schedule.path("lastError").isNull() || schedule.path("lastError").isMissingNode()).isTrue();
        assertThat(Instant.parse(schedule.path("nextRunAt").asString())).isAfter(Instant.now());
        String session = schedule.path("lastSessionId").asString();
        assertThat(asOwner().sql("SELECT count(*) FROM agent_sessions WHERE workspace_id = :w")
                .param("w", workspace).query(Long.class).single()).isEqualTo(1);
        String path = "/api/workspaces/" + workspace + "/agents/" + agent + "/sessions/" + session;
        Awaitility.await().until(() -> owner.client().get(path).json().path("session").path("status").asString()
                .equals("idle"));
        JsonNode review = owner.client().get(path).json();
        assertThat(review.path("session").path("personId").asString()).isEqualTo(owner.personId().toString());
        assertThat(review.path("events").valueStream().filter(e -> e.path("kind").asString().equals("user_message"))
                .map(e -> e.path("content").path("text").asString()).toList())
                .containsExactly("hello, here is the morning summary");
        assertThat(asOwner().sql("SELECT count(*) FROM audit_log WHERE workspace_id = :w AND action = 'schedule.ran'")
                .param("w", workspace).query(Long.class).single()).isEqualTo(1);
        String page = owner.client().get("/workspaces/" + workspace + "/agents/" + agent + "/schedules", "Accept",
                "text/html").body();
        assertThat(page).contains("0 8 * * MON-FRI", "Europe/Berlin", "hello, here is the morning summary",
                "/sessions/" + session);
    }

    @Test
    @DisplayName("a schedule whose maker left the workspace runs nothing and stops, saying why")
    void aLeaversScheduleStops() {
        SignedIn owner = signUp("Staying Owner");
        UUID workspace = createWorkspace(owner, "Team");
        String agent = createOfflineAgent(owner, workspace);
        SignedIn member = addMember(owner, workspace, "member", "Leaving Member");
        String id = member.client().post(schedulesOf(workspace, agent), Map.of("cron", "@hourly", "message",
                "hello")).text("id");
        assertThat(owner.client().delete("/api/workspaces/" + workspace + "/members/" + member.personId()).status())
                .isEqualTo(204);
        asOwner().sql("UPDATE agent_schedules SET next_run_at = now() - interval '1 minute' WHERE schedule_id = :s")
                .param("s", UUID.fromString(id)).update();
        schedules.runDue();
        JsonNode schedule = owner.client().get(schedulesOf(workspace, agent)).json().get(0);
        assertThat(schedule.path("enabled").asBoolean()).isFalse();
        assertThat(schedule.path("lastError").asString()).startsWith("The run did not start");
        assertThat(asOwner().sql("SELECT count(*) FROM agent_sessions WHERE workspace_id = :w")
                .param("w", workspace).query(Long.class).single()).isZero();
    }

    @Test
    @DisplayName("a wrong cron or time zone is refused with a clear problem; another workspace cannot see or touch "
            + "a schedule")
    void refusalsAndIsolation() {
        SignedIn owner = signUp("Careful Scheduler");
        UUID workspace = createWorkspace(owner, "Careful");
        String agent = createOfflineAgent(owner, workspace);
        String path = schedulesOf(workspace, agent);
        assertThat(owner.client().post(path, Map.of("cron", "every morning", "message", "x")).problemType())
                .isEqualTo("/problems/invalid-cron");
        assertThat(owner.client().post(path, Map.of("cron", "0 8 * *", "message", "x")).problemType())
                .isEqualTo("/problems/invalid-cron");
        assertThat(owner.client().post(path, Map.of("cron", "0 8 * * *", "timeZone", "Mars/Olympus", "message",
                "x")).problemType()).isEqualTo("/problems/invalid-time-zone");
        String id = owner.client().post(path, Map.of("cron", "@daily", "message", "x")).text("id");

        SignedIn other = signUp("Other Scheduler");
        UUID theirs = createWorkspace(other, "Elsewhere");
        assertThat(other.client().get(path).status()).isEqualTo(404);
        assertThat(other.client().patch(path + "/" + id, Map.of("enabled", false)).status()).isEqualTo(404);
        assertThat(other.client().delete(schedulesOf(theirs, agent) + "/" + id).status()).isEqualTo(404);
        assertThat(other.client().post(schedulesOf(theirs, agent), Map.of("cron", "@daily", "message", "x"))
                .status()).isEqualTo(404);
        assertThat(owner.client().get(path).json().get(0).path("enabled").asBoolean()).isTrue();
        assertThat(owner.client().patch(path + "/" + id, Map.of("enabled", false)).json().path("enabled")
                .asBoolean()).isFalse();
        assertThat(owner.client().delete(path + "/" + id).status()).isEqualTo(204);
    }
}
