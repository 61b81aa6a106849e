package dev.anchor.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.Json;
import dev.anchor.api.StepView;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.TaskState;
import dev.anchor.api.TaskView;
import dev.anchor.workflow.WorkflowValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow engine on the real store, per dialect. A tiny in-test executor stands in for agents:
 * it leases what is ready and reports an outcome computed from each task's spec.
 */
abstract class WorkflowContractTest {
    private static final long LEASE = 10_000;

    @TempDir
    Path blobDirectory;
    private Database database;
    private JobStore jobs;
    private LeaseStore leases;
    private WorkflowStore workflows;
    private Principal owner;
    private long now = 1_700_000_000_000L;

    protected abstract Database openDatabase();

    @BeforeEach
    void setUp() {
        database = openDatabase();
        workflows = new WorkflowStore(database, new FileBlobStore(blobDirectory));
        jobs = new JobStore(database);
        leases = new LeaseStore(database, workflows);
        UserStore users = new UserStore(database);
        owner = users.authenticate(users.create("owner", "user", now).apiKey()).orElseThrow();
        new NodeStore(database).register(new NodeStore.Registration("node", "key", "node", List.of("wasm"), 2, 1024, 64),
                Hashes.sha256Hex("t"), now, leases);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    /** An outcome the test executor reports. */
    record Result(TaskState outcome, String output) {
        static Result ok(String output) {
            return new Result(TaskState.SUCCEEDED, output);
        }

        static Result failed() {
            return new Result(TaskState.FAILED, "");
        }
    }

    private String submit(String workflowJson) {
        try {
            JobSubmission submission = Json.mapper().readValue("{\"workflow\": " + workflowJson + "}", JobSubmission.class);
            String jobId = Ids.next("job_", now);
            var workflow = WorkflowValidator.validate(submission.workflow());
            Long deadline = submission.workflow().timeoutMs() == null ? null : now + submission.workflow().timeoutMs();
            workflows.submit(new NewWorkflowJob(jobId, owner.userId(), null, null, Json.mapper().writeValueAsString(submission), workflow,
                    deadline), now);
            return jobId;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Leases everything ready and reports what {@code executor} says; answers the specs it ran. */
    private List<TaskSpec> runReady(Function<TaskSpec, Result> executor) {
        List<TaskSpec> ran = new ArrayList<>();
        for (LeasedTask task : leases.lease("node", Set.of("wasm"), 1000, LEASE, now)) {
            TaskSpec spec = parse(task.specJson());
            ran.add(spec);
            Result result = executor.apply(spec);
            byte[] bytes = result.output().getBytes(StandardCharsets.UTF_8);
            leases.report("node", List.of(new AttemptReport.Finished(task.attemptId(), result.outcome(),
                    result.outcome() == TaskState.SUCCEEDED ? null : "exit code 1", bytes, null, Hashes.sha256Hex(bytes), bytes.length, null)), now);
        }
        return ran;
    }

    /** Runs until nothing is ready; answers every spec run, in order. */
    private List<TaskSpec> runAll(Function<TaskSpec, Result> executor) {
        List<TaskSpec> all = new ArrayList<>();
        for (int round = 0; round < 100; round++) {
            List<TaskSpec> ran = runReady(executor);
            if (ran.isEmpty()) return all;
            all.addAll(ran);
        }
        throw new AssertionError("did not settle");
    }

    private static TaskSpec parse(String json) {
        try {
            return Json.mapper().readValue(json, TaskSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String input(TaskSpec spec) {
        if (spec.input() == null) return "";
        if (spec.input().text() != null) return spec.input().text();
        if (spec.input().base64() != null) return new String(Base64.getDecoder().decode(spec.input().base64()), StandardCharsets.UTF_8);
        return "blob:" + spec.input().blob();
    }

    private static String arg(TaskSpec spec) {
        return spec.args() == null || spec.args().isEmpty() ? "" : spec.args().get(0);
    }

    private JobView job(String id) {
        return jobs.get(id, owner).orElseThrow();
    }

    private static StepView step(JobView job, String id) {
        return job.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private static final String MODULE = "{\"blob\": \"" + "a".repeat(64) + "\"}";

    private static String step(String id, String needs, String extra) {
        return "{\"id\": \"" + id + "\", \"runtime\": \"wasm\", \"module\": " + MODULE + ", \"args\": [\"" + id + "\"]"
                + (needs.isEmpty() ? "" : ", \"needs\": [" + needs + "]") + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    @Test
    void a_chain_passes_outputs_downstream_and_succeeds() {
        String job = submit("{\"inputs\": {\"n\": 2}, \"steps\": [" + step("a", "", "\"input\": {\"text\": \"${{ inputs.n }}\"}") + ", "
                + step("b", "\"a\"", "\"input\": {\"text\": \"${{ steps.a.output }}x\"}") + ", "
                + step("c", "\"b\"", "\"input\": {\"text\": \"${{ steps.b.outputs }}!\"}") + "]}");
        List<TaskSpec> ran = runAll(spec -> Result.ok(input(spec) + "1"));
        assertThat(ran).extracting(WorkflowContractTest::input).containsExactly("2", "21x", "21x1!");
        JobView view = job(job);
        assertThat(view.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(view.steps()).extracting(StepView::state).containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED");
        assertThat(step(view, "c").needs()).containsExactly("b");
    }

    @Test
    void independent_steps_are_ready_together() {
        submit("{\"steps\": [" + step("a", "", "") + ", " + step("b", "", "") + ", " + step("c", "\"a\", \"b\"", "") + "]}");
        assertThat(runReady(spec -> Result.ok("x"))).extracting(WorkflowContractTest::arg).containsExactlyInAnyOrder("a", "b");
        assertThat(runReady(spec -> Result.ok("x"))).extracting(WorkflowContractTest::arg).containsExactly("c");
    }

    @Test
    void a_false_condition_skips_a_step_and_its_dependents_unless_they_ask() {
        String job = submit("{\"steps\": [" + step("a", "", "") + ", " + step("hot", "\"a\"", "\"when\": \"steps.a.outputs > 10\"") + ", "
                + step("after_hot", "\"hot\"", "") + ", " + step("cold", "\"a\"", "\"when\": \"steps.a.outputs <= 10\"") + ", "
                + step("report", "\"hot\", \"cold\"", "\"when\": \"steps.hot.state == 'SKIPPED'\"") + "]}");
        List<TaskSpec> ran = runAll(spec -> Result.ok("3"));
        assertThat(ran).extracting(WorkflowContractTest::arg).containsExactly("a", "cold", "report");
        JobView view = job(job);
        assertThat(view.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(step(view, "hot").state()).isEqualTo("SKIPPED");
        assertThat(step(view, "hot").reason()).contains("condition is false");
        assertThat(step(view, "after_hot").reason()).isEqualTo("needs hot, which was skipped");
    }

    @Test
    void a_failed_step_is_retried_after_its_backoff_and_then_succeeds() {
        String job = submit("{\"steps\": [" + step("flaky", "", "\"retry\": {\"count\": 2, \"backoffMs\": 1000}") + "]}");
        int[] calls = {0};
        runReady(spec -> ++calls[0] == 1 ? Result.failed() : Result.ok("ok"));
        assertThat(runReady(spec -> Result.ok("too early"))).isEmpty();
        now += 1_000;
        runReady(spec -> ++calls[0] == 1 ? Result.failed() : Result.ok("ok"));
        JobView view = job(job);
        assertThat(view.state()).isEqualTo(JobState.SUCCEEDED);
        TaskView task = step(view, "flaky").tasks().get(0);
        assertThat(task.tries()).isEqualTo(2);
        assertThat(task.output().text()).isEqualTo("ok");
    }

    @Test
    void a_step_that_fails_past_its_retries_aborts_and_cancels_what_runs() {
        String job = submit("{\"steps\": [" + step("bad", "", "") + ", " + step("slow", "", "") + ", " + step("next", "\"bad\"", "") + "]}");
        List<LeasedTask> leased = leases.lease("node", Set.of("wasm"), 10, LEASE, now);
        LeasedTask bad = leased.stream().filter(t -> arg(parse(t.specJson())).equals("bad")).findFirst().orElseThrow();
        leases.report("node", List.of(new AttemptReport.Finished(bad.attemptId(), TaskState.FAILED, "trap: unreachable", new byte[0], null,
                Hashes.sha256Hex(new byte[0]), 0, null)), now);
        JobView view = job(job);
        assertThat(view.state()).isEqualTo(JobState.FAILED);
        assertThat(view.reason()).isEqualTo("step bad failed: trap: unreachable");
        assertThat(step(view, "slow").state()).isEqualTo("CANCELLED");
        assertThat(step(view, "next").state()).isEqualTo("CANCELLED");
        assertThat(leases.extend("node", leased.stream().map(LeasedTask::attemptId).toList(), LEASE, now).stop()).hasSize(2);
    }

    @Test
    void a_rollback_runs_compensations_in_reverse_order_of_completion() {
        String compensate = "\"compensate\": {\"runtime\": \"wasm\", \"module\": " + MODULE + ", \"args\": [\"undo-%s\"], "
                + "\"input\": {\"text\": \"${{ steps.%s.output }}\"}}";
        String job = submit("{\"steps\": [" + step("a", "", compensate.formatted("a", "a")) + ", "
                + step("b", "\"a\"", compensate.formatted("b", "b")) + ", " + step("c", "\"b\"", compensate.formatted("c", "c")) + ", "
                + step("d", "\"c\"", "\"onError\": \"rollback\"") + "]}");
        List<TaskSpec> ran = runAll(spec -> arg(spec).equals("d") ? Result.failed() : Result.ok("did " + arg(spec)));
        assertThat(ran).extracting(WorkflowContractTest::arg).containsExactly("a", "b", "c", "d", "undo-c", "undo-b", "undo-a");
        assertThat(ran.subList(4, 7)).extracting(WorkflowContractTest::input).containsExactly("did c", "did b", "did a");
        JobView view = job(job);
        assertThat(view.state()).isEqualTo(JobState.ROLLED_BACK);
        assertThat(view.reason()).startsWith("step d failed");
        assertThat(view.steps()).extracting(StepView::state).containsExactly("COMPENSATED", "COMPENSATED", "COMPENSATED", "FAILED");
    }

    @Test
    void fan_out_runs_one_task_per_item_and_the_reduce_gets_outputs_in_order() {
        String job = submit("{\"steps\": [" + step("map", "", "\"forEach\": {\"items\": [3, 1, 2]}, \"env\": {\"I\": \"${{ index }}\"}") + ", "
                + step("reduce", "\"map\"", "\"input\": {\"text\": \"${{ steps.map.outputs }}|${{ steps.map.output }}\"}") + "]}");
        List<TaskSpec> ran = runAll(spec -> Result.ok(spec.env() == null ? input(spec) : String.valueOf(Integer.parseInt(input(spec)) * 10)));
        assertThat(ran.subList(0, 3)).extracting(WorkflowContractTest::input).containsExactly("3", "1", "2");
        assertThat(ran.subList(0, 3)).extracting(s -> s.env().get("I")).containsExactly("0", "1", "2");
        assertThat(input(ran.get(3))).isEqualTo("[30,10,20]|301020");
        assertThat(job(job).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(step(job(job), "map").tasks()).extracting(TaskView::item).containsExactly(0, 1, 2);
    }

    @Test
    void chunked_fan_out_cuts_the_input_at_line_ends() {
        String text = "one two\\nthree\\nfour five six\\n";
        String job = submit("{\"steps\": [" + step("count", "", "\"forEach\": {\"chunks\": {\"input\": {\"text\": \"" + text
                + "\"}, \"size\": 10}}") + "]}");
        List<TaskSpec> ran = runAll(spec -> Result.ok(String.valueOf(input(spec).split("\\s+").length)));
        assertThat(ran).extracting(WorkflowContractTest::input).containsExactly("one two\n", "three\n", "four five ", "six\n");
        assertThat(job(job).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void a_workflow_past_its_deadline_times_out() {
        String job = submit("{\"timeoutMs\": 5000, \"steps\": [" + step("a", "", "") + "]}");
        leases.lease("node", Set.of("wasm"), 10, LEASE, now);
        now += 5_001;
        assertThat(workflows.expireDeadlines(now)).containsExactly(job);
        JobView view = job(job);
        assertThat(view.state()).isEqualTo(JobState.TIMED_OUT);
        assertThat(step(view, "a").state()).isEqualTo("CANCELLED");
    }

    @Test
    void on_error_skip_lets_the_rest_go_on() {
        String job = submit("{\"steps\": [" + step("optional", "", "\"onError\": \"skip\"") + ", " + step("after", "\"optional\"", "\"when\": \"true\"") + "]}");
        List<TaskSpec> ran = runAll(spec -> arg(spec).equals("optional") ? Result.failed() : Result.ok("fine"));
        assertThat(ran).extracting(WorkflowContractTest::arg).containsExactly("optional", "after");
        assertThat(job(job).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(step(job(job), "optional").state()).isEqualTo("SKIPPED");
    }

    @Test
    void a_cancelled_workflow_cancels_its_steps() {
        String job = submit("{\"steps\": [" + step("a", "", "") + ", " + step("b", "\"a\"", "") + "]}");
        leases.lease("node", Set.of("wasm"), 10, LEASE, now);
        jobs.cancel(job, owner, now);
        JobView view = job(job);
        assertThat(view.state()).isEqualTo(JobState.CANCELLED);
        assertThat(view.steps()).extracting(StepView::state).containsExactly("CANCELLED", "CANCELLED");
    }

    @Test
    void concurrent_item_completions_settle_the_fan_out_once() throws Exception {
        String items = java.util.stream.IntStream.range(0, 40).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(", "));
        String job = submit("{\"steps\": [" + step("map", "", "\"forEach\": {\"items\": [" + items + "]}") + ", "
                + step("reduce", "\"map\"", "") + "]}");
        List<LeasedTask> leased = leases.lease("node", Set.of("wasm"), 100, LEASE, now);
        assertThat(leased).hasSize(40);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (LeasedTask task : leased) {
                done.add(pool.submit(() -> leases.report("node", List.of(new AttemptReport.Finished(task.attemptId(), TaskState.SUCCEEDED,
                        null, new byte[] {'1'}, null, Hashes.sha256Hex(new byte[] {'1'}), 1, null)), now)));
            }
            for (var future : done) future.get();
        }
        assertThat(step(job(job), "map").state()).isEqualTo("SUCCEEDED");
        assertThat(runAll(spec -> Result.ok("done"))).extracting(WorkflowContractTest::arg).containsExactly("reduce");
        assertThat(job(job).state()).isEqualTo(JobState.SUCCEEDED);
    }
}
