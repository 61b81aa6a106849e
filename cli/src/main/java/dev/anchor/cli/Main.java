package dev.anchor.cli;

import dev.anchor.api.AnchorException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point. Errors end as one clear line and an exit code from {@link ExitCodes}, never a stack trace. */
@Command(name = "anchor", mixinStandardHelpOptions = true, version = "anchor 0.1.0",
        description = "Run untrusted code on many machines and get back results you can trust.",
        subcommands = {UpCommand.class, ServerCommand.class, AgentCommand.class, RunCommand.class, SubmitCommand.class,
                StatusCommand.class, LogsCommand.class, CancelCommand.class, NodesCommand.class, UsersCommand.class,
                VerifyCommand.class, CreditsCommand.class, JoinTokenCommand.class, PlacementCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        Logging.configure(args);
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof AnchorException anchor) {
                cmd.getErr().println("anchor: " + anchor.getMessage());
                return anchor.code().exitCode();
            }
            if (e instanceof CliException cli) {
                cmd.getErr().println("anchor: " + cli.getMessage());
                return cli.exitCode();
            }
            cmd.getErr().println("anchor: unexpected error: " + e + (Logging.debug() ? "" : " (set ANCHOR_DEBUG=1 for details)"));
            if (Logging.debug()) e.printStackTrace(cmd.getErr());
            return ExitCodes.INTERNAL;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
