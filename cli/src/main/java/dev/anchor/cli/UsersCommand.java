package dev.anchor.cli;

import dev.anchor.api.UserView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Admin: make users and their API keys. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Manage users (admin).",
        subcommands = UsersCommand.Create.class)
final class UsersCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a user and print its API key (shown once).")
    static final class Create implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--role", defaultValue = "user", description = "user or admin (default ${DEFAULT-VALUE})")
        String role;

        @Override
        public Integer call() {
            UserView user = options.client().createUser(name, role);
            System.out.println("user    " + user.name() + " (" + user.role() + ")");
            System.out.println("api key " + user.apiKey());
            return ExitCodes.OK;
        }
    }
}
