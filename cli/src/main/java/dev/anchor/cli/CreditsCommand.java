package dev.anchor.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Credit balances from the double-entry ledger (docs/verification.md). */
@Command(name = "credits", mixinStandardHelpOptions = true,
        description = {"Show credit balances: nodes earn credits for verified work, users' jobs spend them.",
                "An admin sees every account; a user sees their own and their nodes'."})
final class CreditsCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Override
    public Integer call() {
        Map<String, Long> balances = options.client().credits();
        if (balances.isEmpty()) {
            System.out.println("no credits moved yet");
            return ExitCodes.OK;
        }
        int width = balances.keySet().stream().mapToInt(String::length).max().orElse(7);
        System.out.printf("%-" + width + "s %12s%n", "ACCOUNT", "BALANCE");
        balances.forEach((account, balance) -> System.out.printf("%-" + width + "s %12d%n", Terminal.inert(account), balance));
        return ExitCodes.OK;
    }
}
