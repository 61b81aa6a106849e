package dev.anchor.it.runtime;

import dev.anchor.spi.TaskContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JsRuntimeContractTest extends RuntimeContract {
    @Override
    String name() {
        return "js";
    }

    @Override
    Optional<String> unavailable() {
        return ServiceLoaderProbe.unavailable("js");
    }

    private static Case script(String source, String input) {
        try {
            byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new Case(new TaskContext.Code(sha, bytes), input.getBytes(StandardCharsets.UTF_8), Map.of(), List.of());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    Case success() {
        return script("const x = parseInt(input, 10); (x * x) + '\\n'", "12");
    }

    @Override
    String successOutput() {
        return "144\n";
    }

    @Override
    Case guestError() {
        return script("throw new Error('broken')", "");
    }

    @Override
    Case runsForever() {
        return script("while (true) {}", "");
    }

    @Override
    Optional<Case> memoryBomb() {
        return Optional.of(script("const a = []; while (true) a.push(new Array(1e6).fill(1));", ""));
    }

    @Override
    Case outputFlood() {
        return script("'x'.repeat(1 << 20)", "");
    }

    @Override
    Optional<Case> logsThenRuns() {
        return Optional.of(script("console.error('started'); while (true) {}", ""));
    }
}
