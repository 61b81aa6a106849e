package dev.anchor.cli;

import dev.anchor.coordinator.Coordinator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs a coordinator until stopped (Ctrl-C or SIGTERM). */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run a coordinator.")
final class ServerCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Override
    public Integer call() throws InterruptedException {
        Coordinator coordinator = Coordinator.start(server.config(7070));
        announce(coordinator);
        awaitShutdown(coordinator);
        return ExitCodes.OK;
    }

    static void announce(Coordinator coordinator) {
        System.out.println("anchor coordinator at " + coordinator.url());
        coordinator.firstAdminKey().ifPresent(key -> System.out.println(
                "first start: admin API key written to admin-key in the data directory and to the CLI config (unless --no-cli-config)"));
        coordinator.joinToken().ifPresent(token -> System.out.println("agents join with: --join-token " + token));
        System.out.flush();
    }

    static void awaitShutdown(AutoCloseable... parts) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (int i = parts.length - 1; i >= 0; i--) {
                try {
                    parts[i].close();
                } catch (Exception ignored) {
                    // Shutting down; nothing more to do with the failure.
                }
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
