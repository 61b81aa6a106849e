package dev.anchor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** A join token of one's own: nodes that join with it belong to the caller (docs/verification.md). */
@Command(name = "join-token", mixinStandardHelpOptions = true,
        description = {"Make a join token of your own and print it (shown once).",
                "Nodes started with `anchor agent --join-token TOKEN` then belong to you; replicas of a verified task never",
                "run on two nodes of one owner."})
final class JoinTokenCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Override
    public Integer call() {
        System.out.println(options.client().createJoinToken());
        return ExitCodes.OK;
    }
}
