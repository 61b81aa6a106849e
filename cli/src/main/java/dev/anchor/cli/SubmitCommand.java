package dev.anchor.cli;

import dev.anchor.api.JobView;
import dev.anchor.client.AnchorClient;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Submits a job file and prints its id, without waiting. */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit a job file and print the job id.")
final class SubmitCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Parameters(index = "0", paramLabel = "JOBFILE", description = "A job in YAML or JSON.")
    Path file;

    @Override
    public Integer call() {
        AnchorClient client = options.client();
        JobView job = client.submit(JobFiles.resolve(JobFiles.load(file), file, client));
        System.out.println(job.id());
        return ExitCodes.OK;
    }
}
