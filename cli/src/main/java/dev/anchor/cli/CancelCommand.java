package dev.anchor.cli;

import dev.anchor.api.JobView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Cancels a job; its running attempt is stopped at the node's next heartbeat. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a job.")
final class CancelCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Parameters(index = "0", paramLabel = "JOB")
    String jobId;

    @Override
    public Integer call() {
        JobView job = options.client().cancel(jobId);
        System.out.println(job.id() + " " + job.state());
        return ExitCodes.OK;
    }
}
