package dev.anchor.it.runtime;

import dev.anchor.spi.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class WasmRuntimeContractTest extends RuntimeContract {
    @Override
    String name() {
        return "wasm";
    }

    static Case module(String relative, String input) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of(System.getProperty("anchor.root", "..")).resolve(relative));
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new Case(new TaskContext.Code(sha, bytes), input.getBytes(StandardCharsets.UTF_8), Map.of(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Case testModule(String name) {
        return module("runtimes/wasm/src/test/resources/wasm/" + name + ".wasm", "");
    }

    @Override
    Case success() {
        return module("examples/wasm/square.wasm", "12");
    }

    @Override
    String successOutput() {
        return "144\n";
    }

    @Override
    Case guestError() {
        return testModule("unreachable");
    }

    @Override
    Case runsForever() {
        return testModule("loop_forever");
    }

    @Override
    Optional<Case> memoryBomb() {
        return Optional.of(testModule("grow_memory_until_failure"));
    }

    @Override
    Case outputFlood() {
        return testModule("print_forever");
    }

    @Override
    Optional<Case> logsThenRuns() {
        return Optional.of(testModule("log_then_spin"));
    }
}
