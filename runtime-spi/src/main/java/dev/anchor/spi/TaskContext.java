package dev.anchor.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a runtime gets to run one attempt of one task. Immutable apart from the log sink.
 *
 * @param taskId     the task's id
 * @param attemptId  this attempt's id
 * @param code       the code to run (a wasm module, a script) with its SHA-256, or null when the
 *                   runtime's payload carries none (builtin, container)
 * @param input      the task's input bytes (stdin for wasm); empty when it has none
 * @param args       program arguments (argv[1..] for wasm)
 * @param env        environment variables given to the guest
 * @param payload    the runtime-specific fields of the task spec, as parsed JSON (maps, lists,
 *                   strings, numbers, booleans)
 * @param limits     the limits to enforce
 * @param seed       a per-task seed for deterministic randomness
 * @param clock      the fixed instant the guest sees as "now"
 * @param logs       where guest log lines go
 */
public record TaskContext(
        String taskId,
        String attemptId,
        Code code,
        byte[] input,
        List<String> args,
        Map<String, String> env,
        Map<String, Object> payload,
        Limits limits,
        long seed,
        Instant clock,
        LogSink logs) {

    public TaskContext {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(attemptId, "attemptId is null");
        requireNonNull(input, "input is null");
        args = List.copyOf(requireNonNull(args, "args is null"));
        env = Map.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(payload, "payload is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(logs, "logs is null");
    }

    /**
     * A piece of code with its content hash, so runtimes can cache what they compile from it.
     *
     * @param sha256 lower-case hex SHA-256 of {@code bytes}
     * @param bytes  the code
     */
    public record Code(String sha256, byte[] bytes) {
        public Code {
            requireNonNull(sha256, "sha256 is null");
            requireNonNull(bytes, "bytes is null");
        }
    }
}
