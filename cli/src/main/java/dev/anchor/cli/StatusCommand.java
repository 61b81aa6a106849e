package dev.anchor.cli;

import dev.anchor.api.JobPage;
import dev.anchor.api.JobState;
import dev.anchor.api.JobView;
import dev.anchor.client.AnchorClient;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One job in detail, or a table of the caller's recent jobs. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a job, or list your recent jobs.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Parameters(index = "0", arity = "0..1", paramLabel = "JOB", description = "A job id; without it, list jobs.")
    String jobId;

    @Option(names = "--state", description = "List only jobs in this state: ${COMPLETION-CANDIDATES}")
    JobState state;

    @Option(names = "--limit", defaultValue = "20", description = "How many jobs to list (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        AnchorClient client = options.client();
        if (jobId != null) {
            JobView job = client.get(jobId);
            JobPrinter.summary(System.out, job);
            return ExitCodes.OK;
        }
        JobPage page = client.list(state, limit, null);
        System.out.printf("%-30s %-10s %-10s %-24s %s%n", "JOB", "STATE", "RUNTIME", "CREATED", "NAME");
        for (JobView job : page.items()) System.out.println(row(job));
        return ExitCodes.OK;
    }

    /** One job in the list; a workflow shows its kind for a runtime, a service its restarts after its name. */
    static String row(JobView job) {
        String runtime = job.task() == null ? job.kind() : job.task().runtime();
        String name = job.name() == null ? "" : Terminal.inert(job.name());
        if (job.task() != null && job.task().service() != null) {
            name = (name + "  (service, " + job.task().service().restarts() + " restarts)").strip();
        }
        return String.format("%-30s %-10s %-10s %-24s %s", job.id(), job.state(), runtime, Instant.ofEpochMilli(job.createdAt()), name);
    }
}
