package dev.anchor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.ServiceSpec;
import dev.anchor.api.ServiceStatus;
import dev.anchor.api.TaskState;
import dev.anchor.api.TaskView;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Services in the CLI: the example job file loads with its policy, and status shows restarts. */
final class ServiceDisplayTest {
    private static final Path ROOT = Path.of(System.getProperty("anchor.root", "..")).toAbsolutePath().normalize();

    private static JobView service(ServiceStatus status) {
        TaskView task = new TaskView("tsk_1", TaskState.READY, "process", 0, null, null, null, "0123456789abcdef", null, null, null, null,
                status);
        return new JobView("job_1", "heartbeat", "usr_1", "service", JobState.RUNNING, null, 0, 0, null, null, task, null);
    }

    @Test
    void the_example_service_file_loads_with_its_restart_policy() {
        JobSubmission job = JobFiles.load(ROOT.resolve("examples/service-heartbeat.yaml"));
        assertThat(job.service()).isEqualTo(new ServiceSpec("always", new ServiceSpec.Backoff(1_000L, 30_000L, 2.0), null));
        assertThat(job.task().command()).first().isEqualTo("sh");
        assertThat(job.task().limits().timeoutMs()).isNull();
    }

    @Test
    void status_of_a_service_shows_its_restarts_last_exit_and_next_start() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JobPrinter.summary(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                service(new ServiceStatus(3, 2, "FAILED: exit status 1", 1_700_000_000_000L)));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(
                "service  restarts=3 (2 in a row)  last exit: FAILED: exit status 1  next start 2023-11-14T22:13:20Z");
    }

    @Test
    void a_healthy_service_shows_only_its_restarts_and_the_list_marks_it() {
        assertThat(JobPrinter.service(new ServiceStatus(0, 0, null, null))).isEqualTo("restarts=0");
        assertThat(StatusCommand.row(service(new ServiceStatus(4, 0, "lost: lease expired", null))))
                .startsWith("job_1").contains("RUNNING", "process").endsWith("heartbeat  (service, 4 restarts)");
    }

    @Test
    void a_workflow_in_the_list_shows_its_kind_for_a_runtime() {
        JobView workflow = new JobView("job_2", null, "usr_1", "workflow", JobState.RUNNING, null, 0, 0, null, null, null, null);
        assertThat(StatusCommand.row(workflow)).contains("workflow");
    }
}
