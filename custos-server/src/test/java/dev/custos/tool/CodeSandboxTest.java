package dev.custos.tool;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.support.CustosIntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code run_code} (TN-02): JavaScript in a fresh WebAssembly instance per call, seeing its session's files only. */
@Tag("TN-02")
class CodeSandboxTest extends CustosIntegrationTest {

    @Autowired
    private RunCode runCode;
    @Autowired
    private WorkspaceFiles workspaceFiles;
    @Autowired
    private CodeSandbox sandbox;
    @Autowired
    private JsonMapper json;

    private ToolContext session(SignedIn person, UUID workspace) {
        return new ToolContext(new WorkspaceId(workspace), UUID.randomUUID(), new PersonId(person.personId()));
    }

    private String run(ToolContext context, String code) {
        return runCode.call(context, json.writeValueAsString(java.util.Map.of("code", code)));
    }

    private String failure(ToolContext context, String code) {
        try {
            run(context, code);
        } catch (ToolFailed e) {
            return e.getMessage();
        }
        throw new AssertionError("the run did not fail");
    }

    @Test
    @DisplayName("a program reads and writes its own session's files, and no other session's or workspace's")
    void aProgramSeesItsSessionsFilesOnly() {
        SignedIn alice = signUp("Sandbox Alice");
        UUID a = createWorkspace(alice, "Sandbox A");
        ToolContext first = session(alice, a);
        workspaceFiles.call(first, "{\"action\":\"write\",\"path\":\"notes.txt\",\"content\":\"A's private note\"}");

        assertThat(run(first, """
                console.log(custos.readFile('notes.txt'));
                console.log(JSON.stringify(custos.listFiles()));
                custos.writeFile('out/summary.txt', custos.readFile('notes.txt').toUpperCase());"""))
                .contains("A's private note", "[\"notes.txt\"]", "files written: out/summary.txt");
        assertThat(workspaceFiles.call(first, "{\"action\":\"read\",\"path\":\"out/summary.txt\"}"))
                .as("stored, sealed, like any session file").isEqualTo("A'S PRIVATE NOTE");

        String probe = "console.log(String(custos.readFile('notes.txt')), JSON.stringify(custos.listFiles()))";
        assertThat(run(session(alice, a), probe)).as("another session of the same workspace").isEqualTo("null []");
        SignedIn bob = signUp("Sandbox Bob");
        UUID b = createWorkspace(bob, "Sandbox B");
        assertThat(run(session(bob, b), probe)).as("another workspace").isEqualTo("null []");
    }

    @Test
    @DisplayName("nothing of one run — globals, memory — is there for the next, in another workspace or the same")
    void everyRunStartsFresh() {
        SignedIn alice = signUp("Fresh Alice");
        UUID a = createWorkspace(alice, "Fresh A");
        SignedIn bob = signUp("Fresh Bob");
        UUID b = createWorkspace(bob, "Fresh B");
        run(session(alice, a), "globalThis.secret = 'A-secret'; var leaked = new Array(1000).fill('A-secret');");
        String probe = "console.log(typeof globalThis.secret, typeof leaked)";
        assertThat(run(session(bob, b), probe)).isEqualTo("undefined undefined");
        assertThat(run(session(alice, a), probe)).isEqualTo("undefined undefined");
    }

    @Test
    @DisplayName("a program has no network, host files, environment or processes to reach")
    void noWayOut() {
        SignedIn alice = signUp("Boxed Alice");
        ToolContext context = session(alice, createWorkspace(alice, "Boxed"));
        assertThat(run(context, """
                console.log([typeof require, typeof process, typeof std, typeof os, typeof fetch,
                    typeof XMLHttpRequest, typeof WebSocket, typeof Worker, typeof Deno].join(' '))"""))
                .isEqualTo(String.join(" ", java.util.Collections.nCopies(9, "undefined")));
        assertThat(run(context, """
                const buffer = new Uint8Array(64);
                for (const fd of [3, 4, 5]) {
                  try { Javy.IO.readSync(fd, buffer); console.log('opened', fd); } catch (e) { console.log('no', fd); }
                }"""))
                .as("no file descriptor beyond the standard ones: no preopened host directory")
                .isEqualTo("no 3\nno 4\nno 5");
        assertThat(failure(context, "require('child_process').fork('x')")).contains("require", "line 1");
        assertThat(failure(context, "new Worker('x.js')")).contains("Worker");
        assertThat(run(context, "import('fs').then(fs => console.log(fs.readFileSync('/etc/passwd')), "
                + "e => console.log('no fs: ' + e))")).startsWith("no fs").doesNotContain("root:");
    }

    @Test
    @DisplayName("an endless loop, a memory bomb and endless recursion end with a clear error, free their thread, "
            + "and write nothing")
    void runawayProgramsAreStopped() {
        SignedIn alice = signUp("Runaway Alice");
        ToolContext context = session(alice, createWorkspace(alice, "Runaway"));
        assertThat(failure(context, "custos.writeFile('half.txt', 'x'); while (true) {}"))
                .isEqualTo("The code ran longer than 5 s and was stopped.");
        Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> sandbox.running() == 0);
        assertThat(workspaceFiles.call(context, "{\"action\":\"list\"}")).as("nothing half-written")
                .isEqualTo("No files yet.");

        assertThat(failure(context, "const hoard = []; while (true) hoard.push(new Array(1e6).fill(7));"))
                .isEqualTo("The code used more than 64 MB of memory and was stopped.");
        assertThat(failure(context, "function down(n) { return down(n + 1) + 1; } down(0);"))
                .isEqualTo("The code recursed too deeply and was stopped.");
        assertThat(failure(context, "let x = ;")).startsWith("The code does not compile:").contains("line 1");
        assertThat(failure(context, "\n\nthrow new Error('boom')")).isEqualTo("The code failed: Error: line 3: boom");
        assertThat(run(context, "console.log(6 * 7)")).as("and the sandbox still works").isEqualTo("42");
        assertThatThrownBy(() -> runCode.call(context, "{\"language\":\"python\",\"code\":\"print(1)\"}"))
                .isInstanceOf(ToolFailed.class).hasMessageContaining("Only JavaScript");
    }

    @Test
    @DisplayName("the demo agent runs code offline")
    void theOfflineModelRunsCode() {
        SignedIn owner = signUp("Demo Coder");
        UUID workspace = createWorkspace(owner, "Coding");
        var agent = owner.client().post("/api/workspaces/" + workspace + "/agents", java.util.Map.of("name", "Coder",
                "instructions", "Run code.", "model", "offline/scripted-demo", "tools", List.of("run_code")));
        String session = runSession(owner, workspace, agent.text("id"), "please run some code");
        assertThat(owner.client().get(session).json().path("events").valueStream()
                .filter(event -> event.path("kind").asString().equals("tool_result"))
                .map(event -> event.path("content").path("text").asString()).toList())
                .containsExactly("2 3 5 7 11 13 17 19 23 29 31 37 41 43 47");
    }
}
