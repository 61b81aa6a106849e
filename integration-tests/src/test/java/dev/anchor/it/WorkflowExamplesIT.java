package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anchor.api.EventView;
import dev.anchor.api.JobState;
import dev.anchor.api.JobView;
import dev.anchor.api.Json;
import dev.anchor.api.OutputView;
import dev.anchor.api.StepView;
import dev.anchor.api.TaskView;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.AnchorProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The workflow fixtures and examples through the real CLI, coordinator and agents (SQLite, two
 * agents). {@code workflows/valid/NAME.yaml} ends as {@code NAME.expected.json} says: the job's state
 * and reason, and per step its state, tasks, tries, output text and compensation (every step listed);
 * {@code workflows/invalid/NAME.yaml} is refused with exit code 2 and the message in
 * {@code NAME.expected.txt}, and stores nothing. Every {@code examples/workflows/*.yaml} runs with
 * {@code anchor run}, prints what its header says, and ends as the valid fixture of the same name.
 */
final class WorkflowExamplesIT {
    private static final Path ROOT = Path.of(System.getProperty("anchor.root", "..")).toAbsolutePath().normalize();
    private static final Path VALID = ROOT.resolve("integration-tests/src/test/resources/workflows/valid");
    private static final Path INVALID = ROOT.resolve("integration-tests/src/test/resources/workflows/invalid");
    private static final Path EXAMPLES = ROOT.resolve("examples/workflows");
    private static final Pattern SUBMITTED = Pattern.compile("submitted (job_\\S+)");

    @TempDir
    static Path root;
    private static TestingCluster cluster;
    private static AnchorClient client;

    @BeforeAll
    static void start() {
        cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, 5_000);
        cluster.startAgent(2);
        cluster.startAgent(2);
        client = cluster.admin();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    static Stream<String> validFixtures() {
        return names(VALID, ".yaml");
    }

    static Stream<String> invalidFixtures() {
        return names(INVALID, ".yaml");
    }

    static Stream<String> examples() {
        return names(EXAMPLES, ".yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFixtures")
    void a_valid_workflow_ends_as_its_fixture_expects(String name) {
        Result submitted = anchor("submit", VALID.resolve(name + ".yaml").toString());
        assertThat(submitted.exit()).as(submitted.err()).isZero();
        JobView job = awaitEnd(submitted.out().strip());
        assertMatches(job, expected(name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFixtures")
    void an_invalid_workflow_is_refused_with_its_message_and_nothing_is_stored(String name) throws IOException {
        String message = Files.readString(INVALID.resolve(name + ".expected.txt"), StandardCharsets.UTF_8).strip();
        Set<String> before = jobIds();
        Result result = anchor("submit", INVALID.resolve(name + ".yaml").toString());
        assertThat(result.exit()).as("exit code; stdout %s, stderr %s", result.out(), result.err()).isEqualTo(2);
        assertThat(result.err()).startsWith("anchor: ").contains(message).doesNotContain("\tat ");
        assertThat(jobIds()).as("jobs stored").isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void an_example_prints_what_its_header_says_and_ends_as_expected(String name) throws IOException {
        Path example = EXAMPLES.resolve(name + ".yaml");
        assertThat(VALID.resolve(name + ".expected.json")).as("every example has a fixture of its shape in workflows/valid").exists();
        JsonNode expected = expected(name);
        Result result = anchor("run", "--no-logs", example.toString());
        JobState state = JobState.valueOf(expected.get("state").asText());
        assertThat(result.exit()).as(result.err()).isEqualTo(exitCode(state));
        if (expected.has("prints")) {
            String prints = expected.get("prints").asText();
            assertThat(result.out()).isEqualTo(prints);
            String header = Files.readString(example, StandardCharsets.UTF_8);
            assertThat(header).as("the header says what it prints")
                    .contains(prints.isEmpty() ? "# Prints nothing" : "# Prints: " + prints.strip());
        }
        Matcher submitted = SUBMITTED.matcher(result.err());
        assertThat(submitted.find()).as(result.err()).isTrue();
        assertMatches(client.get(submitted.group(1)), expected);
    }

    /** The job's state, reason and steps against an expected.json; every difference is reported at once. */
    private static void assertMatches(JobView job, JsonNode expected) {
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(job.state()).as("job state (reason: %s)", job.reason()).isEqualTo(JobState.valueOf(expected.get("state").asText()));
        if (expected.has("reason")) softly.assertThat(job.reason()).as("job reason").contains(expected.get("reason").asText());
        List<String> expectedSteps = new ArrayList<>();
        expected.get("steps").fieldNames().forEachRemaining(expectedSteps::add);
        softly.assertThat(job.steps()).extracting(StepView::id).as("steps").containsExactlyInAnyOrderElementsOf(expectedSteps);
        for (StepView step : job.steps()) {
            JsonNode want = expected.get("steps").get(step.id());
            if (want == null) continue;
            String as = "step " + step.id() + " ";
            List<TaskView> runs = step.tasks().stream().filter(t -> "run".equals(t.purpose())).toList();
            softly.assertThat(step.state()).as(as + "state (reason: %s)", step.reason()).isEqualTo(want.get("state").asText());
            if (want.has("reason")) softly.assertThat(step.reason()).as(as + "reason").contains(want.get("reason").asText());
            if (want.has("tasks")) softly.assertThat(runs).as(as + "tasks").hasSize(want.get("tasks").asInt());
            if (want.has("tries")) {
                softly.assertThat(runs.stream().mapToInt(t -> t.tries() == null ? 0 : t.tries()).max().orElse(0)).as(as + "tries")
                        .isEqualTo(want.get("tries").asInt());
            }
            if (want.has("output")) softly.assertThat(text(runs)).as(as + "output").isEqualTo(want.get("output").asText());
            if (want.has("outputSha256")) {
                softly.assertThat(runs).as(as + "tasks").hasSize(1);
                if (runs.size() == 1) {
                    softly.assertThat(runs.get(0).output()).as(as + "output").isNotNull();
                    if (runs.get(0).output() != null) {
                        softly.assertThat(runs.get(0).output().sha256()).as(as + "output sha256").isEqualTo(want.get("outputSha256").asText());
                    }
                }
            }
            if (want.has("compensation")) softly.assertThat(step.compensation()).as(as + "compensation").isEqualTo(want.get("compensation").asText());
            if (want.has("compensationOutput")) {
                List<TaskView> compensations = step.tasks().stream().filter(t -> "compensate".equals(t.purpose())).toList();
                softly.assertThat(text(compensations)).as(as + "compensation output").isEqualTo(want.get("compensationOutput").asText());
            }
        }
        if (expected.has("compensationOrder")) {
            List<String> order = new ArrayList<>();
            expected.get("compensationOrder").forEach(id -> order.add(id.asText()));
            softly.assertThat(compensationOrder(job.id())).as("steps in the order their compensations finished").isEqualTo(order);
        }
        softly.assertAll();
    }

    /** The order of the job's COMPENSATED step events, as committed. */
    private static List<String> compensationOrder(String jobId) {
        List<String> order = new ArrayList<>();
        client.follow(jobId, false, new AnchorClient.StreamListener() {
            @Override
            public void onEvent(EventView event) {
                if ("step".equals(event.type()) && "COMPENSATED".equals(event.state())) {
                    order.add(event.message().replaceFirst("^step (\\S+).*$", "$1"));
                }
            }
        });
        return order;
    }

    /** The tasks' outputs as text, joined in order; a binary output shows as a marker that fails the comparison. */
    private static String text(List<TaskView> tasks) {
        StringBuilder out = new StringBuilder();
        for (TaskView task : tasks) {
            OutputView output = task.output();
            if (output == null || output.size() == 0) continue;
            out.append(output.text() != null ? output.text() : "<" + output.size() + " bytes that are not UTF-8 text>");
        }
        return out.toString();
    }

    private static JobView awaitEnd(String jobId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JobView job = client.await(jobId, Duration.ofSeconds(30));
        while (!job.state().isTerminal() && System.nanoTime() < deadline) job = client.await(jobId, Duration.ofSeconds(30));
        assertThat(job.state().isTerminal()).as("job %s ended within 2 minutes: %s", jobId, job).isTrue();
        return job;
    }

    private static Set<String> jobIds() {
        Set<String> ids = new LinkedHashSet<>();
        String cursor = null;
        do {
            var page = client.list(null, 200, cursor);
            page.items().forEach(job -> ids.add(job.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }

    private static JsonNode expected(String name) {
        try {
            return Json.mapper().readTree(VALID.resolve(name + ".expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@code anchor run} ends for a job in this state. */
    private static int exitCode(JobState state) {
        return switch (state) {
            case SUCCEEDED -> 0;
            case FAILED -> 1;
            case TIMED_OUT -> 11;
            case CANCELLED -> 12;
            case ROLLED_BACK -> 13;
            case PENDING, RUNNING -> throw new IllegalArgumentException("not an end state: " + state);
        };
    }

    private record Result(int exit, String out, String err) {}

    /** The real CLI, as a user runs it, against the cluster. */
    private static Result anchor(String command, String... args) {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", AnchorProcess.jar().toString(),
                command, "--url", cluster.url(), "--api-key", AnchorProcess.adminKey(cluster.coordinatorData())));
        line.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(root, "out", ".txt");
            Path err = Files.createTempFile(root, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(line).directory(ROOT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("ANCHOR_CONFIG", root.resolve("no-cli-config.json").toString());
            builder.environment().remove("ANCHOR_API_KEY");
            builder.environment().remove("ANCHOR_URL");
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("anchor " + command + " " + List.of(args) + " did not finish in 3 minutes");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Stream<String> names(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                    .map(n -> n.substring(0, n.length() - suffix.length())).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
