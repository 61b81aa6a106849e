package dev.anchor.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.api.AnchorException;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.Json;
import dev.anchor.api.LimitsSpec;
import dev.anchor.api.ServiceSpec;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.VerificationSpec;
import dev.anchor.api.WorkflowSpec;
import dev.anchor.store.FileBlobStore;
import dev.anchor.store.NewJob;
import dev.anchor.store.Principal;
import dev.anchor.store.ServicePolicy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Submitting a service (docs/services.md): its checks name the field, and its task has no wall-clock limit unless it sets one. */
final class ServiceSubmissionTest {
    private static final Principal ALICE = new Principal("usr_alice", "alice", "user");

    @TempDir
    Path blobs;

    private NewJob validate(JobSubmission submission) {
        return new SubmissionValidator(new FileBlobStore(blobs)).validateTask(submission, ALICE, 1_700_000_000_000L);
    }

    private static TaskSpec command(LimitsSpec limits) {
        return new TaskSpec(null, null, null, null, null, limits, null, null, null, null, List.of("sleep", "infinity"), null, null, null);
    }

    private static JobSubmission service(TaskSpec task, ServiceSpec service) {
        return JobSubmission.ofService("svc", task, service);
    }

    private static long storedTimeout(NewJob job) throws Exception {
        return Json.mapper().readValue(job.taskSpecJson(), TaskSpec.class).limits().timeoutMs();
    }

    @Test
    void a_service_task_has_no_wall_clock_limit_unless_it_sets_one() throws Exception {
        NewJob unbounded = validate(service(command(null), ServiceSpec.always()));
        assertThat(storedTimeout(unbounded)).isZero();
        assertThat(unbounded.serviceJson()).isNotNull();
        assertThat(storedTimeout(validate(service(command(new LimitsSpec(64, 0L, null, null, null, null)), ServiceSpec.always())))).isZero();
        assertThat(storedTimeout(validate(service(command(new LimitsSpec(null, 5_000L, null, null, null, null)), ServiceSpec.always()))))
                .isEqualTo(5_000);
        NewJob plain = validate(JobSubmission.of("once", command(null)));
        assertThat(storedTimeout(plain)).isEqualTo(30_000);
        assertThat(plain.serviceJson()).isNull();
    }

    @Test
    void the_stored_policy_has_its_defaults_and_the_stored_spec_keeps_the_service() throws Exception {
        NewJob job = validate(service(command(null), new ServiceSpec("on-failure", null, 5)));
        assertThat(job.serviceJson()).isEqualTo(new ServicePolicy(false, 1_000, 60_000, 2, 5).toJson());
        assertThat(Json.mapper().readValue(job.specJson(), JobSubmission.class).service()).isEqualTo(new ServiceSpec("on-failure", null, 5));
    }

    @Test
    void zero_timeout_is_still_refused_for_a_task_that_is_not_a_service() {
        assertField(JobSubmission.of("once", command(new LimitsSpec(null, 0L, null, null, null, null))), "task.limits.timeoutMs");
    }

    @Test
    void other_limits_of_a_service_are_checked_as_for_any_task() {
        assertField(service(command(new LimitsSpec(0, null, null, null, null, null)), ServiceSpec.always()), "task.limits.memoryMb");
        assertField(service(command(new LimitsSpec(null, -1L, null, null, null, null)), ServiceSpec.always()), "task.limits.timeoutMs");
    }

    @Test
    void a_service_is_one_unverified_task() {
        assertField(new JobSubmission("svc", command(null), null, null, new VerificationSpec("fixed", 2, 2, null, null, null), null,
                ServiceSpec.always()), "verification");
        WorkflowSpec workflow = new WorkflowSpec(null, null, null, List.of());
        assertThatThrownBy(() -> new SubmissionValidator(new FileBlobStore(blobs)).validateWorkflow(
                new JobSubmission("wf", null, workflow, null, null, null, ServiceSpec.always()), ALICE, 1L))
                .isInstanceOfSatisfying(AnchorException.class, e -> assertThat(e.getMessage()).startsWith("service: "));
        assertField(service(command(null), new ServiceSpec("never", null, null)), "service.restart");
        assertField(service(command(null), new ServiceSpec(null, new ServiceSpec.Backoff(null, null, 0.0), null)), "service.backoff.factor");
    }

    private void assertField(JobSubmission submission, String field) {
        assertThatThrownBy(() -> validate(submission)).isInstanceOfSatisfying(AnchorException.class,
                e -> assertThat(e.getMessage()).startsWith(field + ": "));
    }
}
