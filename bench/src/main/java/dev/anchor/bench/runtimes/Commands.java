package dev.anchor.bench.runtimes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs a peer program and returns its stdout; a non-zero exit is an error of the benchmark. */
final class Commands {
    private Commands() {}

    static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) throw new IOException(String.join(" ", command) + " exited " + exit + ": " + out);
        return out;
    }

    /** Wall time from start to exit (stdout read to its end), in nanoseconds. */
    static long time(Path dir, List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        run(dir, command);
        return System.nanoTime() - start;
    }

    /** The {@code ns=} figure a peer program printed about itself. */
    static long reportedNanos(String output) {
        for (String field : output.trim().split("\\s+")) {
            if (field.startsWith("ns=")) return Long.parseLong(field.substring(3));
        }
        throw new IllegalStateException("no ns= in peer output: " + output);
    }

    /** The {@code checksum=} field of a peer program's output (the kernels print it first). */
    static String checksum(String output) {
        return output.trim().split("\\s+")[0];
    }
}
