package dev.custos.cli.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The working folder's boundaries, as the terminal client keeps them whatever a model asks. */
class LocalFolderTest {

    @TempDir
    Path folder;

    @TempDir
    Path elsewhere;

    private LocalFolder local(String... allowed) {
        return new LocalFolder(folder, Set.of(allowed));
    }

    @Test
    @DisplayName("only paths under the folder: .., absolute paths, drive letters and links leading out are refused")
    void pathsStayInTheFolder() throws Exception {
        Files.writeString(elsewhere.resolve("secret.txt"), "OUTSIDE");
        Files.createSymbolicLink(folder.resolve("link"), elsewhere);
        Files.createSymbolicLink(folder.resolve("file-link.txt"), elsewhere.resolve("secret.txt"));
        Files.createDirectories(folder.resolve("sub"));
        Files.writeString(folder.resolve("sub/inner.txt"), "inside");
        LocalFolder local = local();
        for (String path : List.of("../x.txt", "sub/../../x.txt", elsewhere.resolve("secret.txt").toString(),
                "C:\\\\Windows\\\\win.ini", "~/.bashrc", "link/secret.txt", "file-link.txt", "link/new.txt")) {
            assertThatThrownBy(() -> local.read(path)).as(path).isInstanceOf(LocalRefusal.class)
                    .hasMessageContaining("outside the working folder");
        }
        assertThatThrownBy(() -> local.planWrite("link/new.txt", "x")).isInstanceOf(LocalRefusal.class);
        assertThat(local.read("sub/../sub/inner.txt")).isEqualTo("inside");
        assertThat(local.list("")).contains("sub/", "sub/inner.txt").doesNotContain("link", "secret");
    }

    @Test
    @DisplayName("ignored and secret-looking files are left out unless allowed by name; binary and large files refused")
    void ignoredSecretBinaryAndLargeFiles() throws Exception {
        Files.writeString(folder.resolve(".gitignore"), "# built\nbuild/\n*.log\n!keep.log\n/top-only.txt\n");
        Files.createDirectories(folder.resolve("build/deep"));
        Files.writeString(folder.resolve("build/deep/out.txt"), "BUILT");
        Files.writeString(folder.resolve("app.log"), "LOG");
        Files.writeString(folder.resolve("keep.log"), "KEPT");
        Files.writeString(folder.resolve("top-only.txt"), "TOP");
        Files.createDirectories(folder.resolve("docs"));
        Files.writeString(folder.resolve("docs/top-only.txt"), "NESTED");
        Files.writeString(folder.resolve(".env"), "TOKEN=abc");
        Files.writeString(folder.resolve("server.pem"), "-----BEGIN");
        Files.createDirectories(folder.resolve(".ssh"));
        Files.writeString(folder.resolve(".ssh/config"), "Host x");
        Files.write(folder.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        Files.writeString(folder.resolve("big.txt"), "x".repeat(LocalFolder.MAX_FILE_BYTES + 1));
        LocalFolder local = local();

        assertThatThrownBy(() -> local.read("build/deep/out.txt")).hasMessageContaining(".gitignore");
        assertThatThrownBy(() -> local.read("app.log")).hasMessageContaining(".gitignore");
        assertThat(local.read("keep.log")).isEqualTo("KEPT");
        assertThatThrownBy(() -> local.read("top-only.txt")).hasMessageContaining(".gitignore");
        assertThat(local.read("docs/top-only.txt")).as("an anchored rule holds at the top only").isEqualTo("NESTED");
        for (String secret : List.of(".env", "server.pem", ".ssh/config")) {
            assertThatThrownBy(() -> local.read(secret)).as(secret).hasMessageContaining("looks like a secret");
        }
        assertThatThrownBy(() -> local.read("image.png")).hasMessageContaining("binary");
        assertThatThrownBy(() -> local.read("big.txt")).hasMessageContaining("KB");
        assertThat(local.list("")).contains("keep.log", "docs/top-only.txt")
                .doesNotContain("build", "app.log", ".env", "server.pem", ".ssh", "\ntop-only.txt");
        assertThat(local.search("nested", "")).contains("docs/top-only.txt:1: NESTED");
        assertThat(local.search("top", "")).as("an ignored file is not searched").doesNotContain(": TOP");
        assertThat(local(".env").read(".env")).isEqualTo("TOKEN=abc");
    }

    @Test
    @DisplayName("a write is shown as its diff and asked about; declined, nothing changes; a command asks, answers its "
            + "output and is stopped when it runs too long")
    void writesAndCommandsAreAsked() throws Exception {
        Files.writeString(folder.resolve("notes.txt"), "one\ntwo\nthree\n");
        List<String> asked = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        boolean[] yes = {false};
        var toolbox = new LocalToolbox(local(), question -> {
            asked.add(question);
            return yes[0];
        }, shown::add, false, Duration.ofSeconds(1));

        var declined = toolbox.call("local_patch_file", "{\"path\":\"notes.txt\",\"old\":\"two\",\"new\":\"2\"}");
        assertThat(declined.outcome()).isEqualTo("refused");
        assertThat(Files.readString(folder.resolve("notes.txt"))).isEqualTo("one\ntwo\nthree\n");
        assertThat(String.join("\n", shown)).contains("-two", "+2");
        yes[0] = true;
        var patched = toolbox.call("local_patch_file", "{\"path\":\"notes.txt\",\"old\":\"two\",\"new\":\"2\"}");
        assertThat(patched.outcome()).isEqualTo("ok");
        assertThat(patched.output()).contains("@@ -1,4 +1,4 @@", "-two", "+2");
        assertThat(Files.readString(folder.resolve("notes.txt"))).isEqualTo("one\n2\nthree\n");
        assertThat(toolbox.call("local_write_file", "{\"path\":\"new/dir/file.txt\",\"content\":\"hi\"}").output())
                .contains("Wrote new/dir/file.txt (+1 −0)");
        assertThat(asked).hasSize(3);

        var echoed = toolbox.call("local_run_command", "{\"command\":\"echo $((6*7))\"}");
        assertThat(echoed.output()).startsWith("exit code 0").contains("42");
        var slow = toolbox.call("local_run_command", "{\"command\":\"sleep 30\"}");
        assertThat(slow.output()).contains("stopped after 1 s");
        assertThat(asked).hasSize(5);
        assertThat(toolbox.call("local_read_file", "{\"path\":\"notes.txt\"}").output()).isEqualTo("one\n2\nthree\n");
        assertThat(asked).as("reads are asked about too, unless allowed").hasSize(6);
        assertThat(toolbox.call("local_read_file", "{\"path\":\"../x\"}").outcome()).isEqualTo("refused");
        assertThat(asked).as("a refusal asks nobody").hasSize(6);
    }

    @Test
    @DisplayName("Ctrl-C stops a command under way, and what it started")
    void aCommandStopsOnCtrlC() throws Exception {
        var toolbox = new LocalToolbox(local(), question -> true, line -> { }, false, Duration.ofMinutes(10));
        var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> toolbox.call("local_run_command",
                "{\"command\":\"sleep 600 & wait\"}"));
        org.awaitility.Awaitility.await().until(() -> ProcessHandle.current().descendants()
                .anyMatch(process -> process.info().command().orElse("").endsWith("sleep")));
        toolbox.stop();
        var answer = running.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.output()).doesNotStartWith("exit code 0");
        assertThat(ProcessHandle.current().descendants()
                .filter(process -> process.info().command().orElse("").endsWith("sleep"))
                .filter(ProcessHandle::isAlive)).as("nothing left running").isEmpty();
    }
}
