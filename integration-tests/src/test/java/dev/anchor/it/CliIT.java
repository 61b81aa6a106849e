package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.DataRef;
import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.TaskSpec;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.AnchorProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it: the README's main job, exit codes, one-line errors. */
final class CliIT {
    @TempDir
    Path home;

    private record Result(int exit, String out, String err) {}

    private Result anchor(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", AnchorProcess.jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of(System.getProperty("anchor.root", "..")).toFile());
        builder.environment().put("ANCHOR_CONFIG", home.resolve("config.json").toString());
        builder.environment().put("ANCHOR_DATA", home.resolve("data").toString());
        builder.environment().remove("ANCHOR_API_KEY");
        builder.environment().remove("ANCHOR_URL");
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("anchor %s finished", List.of(args)).isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void the_readme_main_job_runs_end_to_end_and_prints_its_output() throws Exception {
        Result result = anchor("up", "--run", "examples/wordcount.yaml");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("2 16 76\n").contains("the 4");
        assertThat(result.err()).contains("SUCCEEDED").contains("| wordcount:");
        assertThat(home.resolve("config.json")).exists();
    }

    @Test
    void a_failing_job_sets_the_exit_code() throws Exception {
        Path job = home.resolve("loop.yaml");
        Files.writeString(job, """
                task:
                  module: {file: %s}
                  limits: {timeoutMs: 300}
                """.formatted(Path.of(System.getProperty("anchor.root", "..")).toAbsolutePath()
                .resolve("runtimes/wasm/src/test/resources/wasm/loop_forever.wasm")));
        Result result = anchor("up", "--run", job.toString());
        assertThat(result.exit()).isEqualTo(11);
        assertThat(result.err()).contains("TIMED_OUT").contains("wall-clock limit of 300 ms");
    }

    @Test
    void errors_are_one_clear_line_not_a_stack_trace() throws Exception {
        Result missingFile = anchor("up", "--run", "no-such-job.yaml");
        assertThat(missingFile.exit()).isEqualTo(2);
        assertThat(missingFile.err()).contains("anchor: no such job file: no-such-job.yaml").doesNotContain("\tat ");

        Path bad = home.resolve("bad.yaml");
        Files.writeString(bad, "task:\n  modul: {file: x.wasm}\n");
        Result unknownField = anchor("up", "--run", bad.toString());
        assertThat(unknownField.exit()).isEqualTo(2);
        assertThat(unknownField.err()).contains("modul").doesNotContain("\tat ");

        Result unreachable = anchor("status", "--url", "http://127.0.0.1:1", "--api-key", "ak_x");
        assertThat(unreachable.exit()).isEqualTo(8);
        assertThat(unreachable.err().strip()).isEqualTo("anchor: cannot reach the coordinator at http://127.0.0.1:1/ (is it running?)");
    }

    @Test
    void every_command_has_help() throws Exception {
        for (String command : List.of("up", "server", "agent", "run", "submit", "status", "logs", "cancel", "nodes", "users",
                "verify", "credits", "join-token", "placement")) {
            Result result = anchor(command, "--help");
            assertThat(result.exit()).as(command).isZero();
            assertThat(result.out()).as(command).contains("Usage: anchor " + command);
        }
    }

    @Test
    void credits_show_what_a_job_paid_its_node_and_a_users_join_token_makes_nodes_of_that_user() throws Exception {
        try (AnchorProcess coordinator = AnchorProcess.coordinator(home.resolve("coordinator"), 0, null, 5_000)) {
            String url = coordinator.readyValue();
            String adminKey = AnchorProcess.adminKey(home.resolve("coordinator"));
            var admin = new AnchorClient(url, adminKey);
            String bobKey = admin.createUser("bob", "user").apiKey();

            Result token = anchor("join-token", "--url", url, "--api-key", bobKey);
            assertThat(token.exit()).as(token.err()).isZero();
            assertThat(token.out().strip()).startsWith("jt_");
            try (AnchorProcess agent = AnchorProcess.agent(url, token.out().strip(), home.resolve("agent"), 1)) {
                assertThat(admin.reputations()).singleElement().satisfies(node -> {
                    assertThat(node.nodeId()).isEqualTo(agent.readyValue());
                    assertThat(node.ownerId()).isEqualTo(new AnchorClient(url, bobKey).me().id());
                });
                var job = admin.submitAndAwait(JobSubmission.of("hash", new TaskSpec(null, null, null, null,
                        DataRef.ofText("abc"), null, null, "crypto", "sha256", null, null, null, null, null)),
                        Duration.ofSeconds(60));
                assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);

                Result credits = anchor("credits", "--url", url, "--api-key", adminKey);
                assertThat(credits.exit()).as(credits.err()).isZero();
                assertThat(credits.out()).contains("ACCOUNT").contains("node:" + agent.readyValue()).contains("user:" + admin.me().id());
                Result bobs = anchor("credits", "--url", url, "--api-key", bobKey);
                assertThat(bobs.out()).as("bob sees his node's account").contains("node:" + agent.readyValue())
                        .doesNotContain("user:" + admin.me().id());

                // A task that needs a GPU waits, and `anchor placement` says why.
                String waiting = admin.submit(JobSubmission.of("gpu", new TaskSpec(null, null, null, null, DataRef.ofText("abc"), null,
                        null, "crypto", "sha256", null, null, null, null, null, new dev.anchor.api.Requirements(1, null)))).id();
                Result placement = anchor("placement", waiting, "--url", url, "--api-key", adminKey);
                assertThat(placement.exit()).as(placement.err()).isZero();
                assertThat(placement.out()).contains("eligible nodes 0").contains("- no live node has 1 GPU");
                admin.cancel(waiting);
            }
        }
    }
}
