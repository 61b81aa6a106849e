package dev.anchor.it.runtime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class ProcessRuntimeContractTest extends RuntimeContract {
    @Override
    String name() {
        return "process";
    }

    @Override
    Optional<String> unavailable() {
        for (String tool : List.of("/usr/bin/bwrap", "/usr/bin/prlimit")) {
            if (!java.nio.file.Files.isExecutable(java.nio.file.Path.of(tool))) return Optional.of(tool + " is missing (apt-get install bubblewrap util-linux)");
        }
        return Optional.empty();
    }

    private static Case shell(String script, String input) {
        return new Case(null, input.getBytes(StandardCharsets.UTF_8), Map.of("command", List.of("sh", "-c", script)), List.of());
    }

    @Override
    Case success() {
        return shell("read x; echo $((x*x))", "12\n");
    }

    @Override
    String successOutput() {
        return "144\n";
    }

    @Override
    Case guestError() {
        return shell("echo broken >&2; exit 3", "");
    }

    @Override
    Case runsForever() {
        return shell("while :; do :; done", "");
    }

    @Override
    Optional<Case> memoryBomb() {
        // awk grows one string until the address-space limit stops it.
        return Optional.of(shell("awk 'BEGIN { s = \"x\"; while (1) s = s s }'", ""));
    }

    @Override
    Case outputFlood() {
        return shell("yes", "");
    }

    @Override
    Optional<Case> logsThenRuns() {
        return Optional.of(shell("echo started >&2; while :; do :; done", ""));
    }
}
