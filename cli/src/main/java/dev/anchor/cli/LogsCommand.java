package dev.anchor.cli;

import dev.anchor.api.LogLine;
import dev.anchor.client.AnchorClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A job's log lines; with -f, follows them live until the job ends. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a job's logs; -f follows them live.")
final class LogsCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Parameters(index = "0", paramLabel = "JOB")
    String jobId;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the job ends.")
    boolean follow;

    @Override
    public Integer call() {
        AnchorClient client = options.client();
        if (follow) {
            client.follow(jobId, true, new AnchorClient.StreamListener() {
                @Override
                public void onLog(LogLine line) {
                    System.out.println(Terminal.inert(line.text()));
                }
            });
            return ExitCodes.OK;
        }
        long after = 0;
        while (true) {
            List<LogLine> lines = client.logs(jobId, after);
            if (lines.isEmpty()) return ExitCodes.OK;
            for (LogLine line : lines) System.out.println(Terminal.inert(line.text()));
            after = lines.get(lines.size() - 1).seq();
        }
    }
}
