package dev.anchor.it.runtime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Needs a Docker engine with the test image: scripts/docker-test-setup.sh (CI runs it). */
final class ContainerRuntimeContractTest extends RuntimeContract {
    private static final String IMAGE = System.getenv().getOrDefault("ANCHOR_TEST_IMAGE", "anchor-test/busybox:1");

    @Override
    String name() {
        return "container";
    }

    @Override
    Optional<String> unavailable() {
        return ServiceLoaderProbe.unavailable("container");
    }

    private static Case shell(String script, String input) {
        return new Case(null, input.getBytes(StandardCharsets.UTF_8), Map.of("image", IMAGE, "command", List.of("sh", "-c", script)), List.of());
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
        return Optional.of(shell("head -c 200m /dev/zero | tail", ""));
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
