package dev.anchor.runtime.container;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.anchor.spi.Limits;
import dev.anchor.spi.LogSink;
import dev.anchor.spi.RuntimeSettings;
import dev.anchor.spi.TaskContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runtimes and task contexts for the container runtime's tests. Tests that need an engine skip with
 * a loud message when none answers (or the test image is missing), except under {@code CI=true},
 * where that fails: run {@code scripts/docker-test-setup.sh} first.
 */
final class ContainerTasks {

    /** Built from busybox-static by scripts/docker-test-setup.sh; no registry is needed. */
    static final String IMAGE = "anchor-test/busybox:1";

    private static Optional<String> unavailable;

    private ContainerTasks() {}

    static synchronized void assumeEngineWorks() {
        if (unavailable == null) unavailable = check();
        if (unavailable.isPresent()) {
            var message = "the container runtime cannot be tested here: " + unavailable.get();
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(message + "; under CI=true this is a failure");
            System.err.println("!!! SKIPPING container runtime tests: " + message);
            assumeTrue(false, message);
        }
    }

    private static Optional<String> check() {
        var problem = new ContainerRuntimeProvider().unavailableReason();
        if (problem.isPresent()) return problem;
        try (var docker = DockerEngine.connect(ContainerOptions.defaults(Path.of(".")).effectiveDockerHost())) {
            docker.inspectImageCmd(IMAGE).exec();
            return Optional.empty();
        } catch (NotFoundException e) {
            return Optional.of("the test image " + IMAGE + " is not on this engine");
        } catch (Exception e) {
            return Optional.of(DockerEngine.describe(e));
        }
    }

    /** A runtime with default options; skips (or fails under CI) when no engine answers. */
    static ContainerRuntime runtime() {
        return runtime(Map.of());
    }

    static ContainerRuntime runtime(Map<String, String> options) {
        assumeEngineWorks();
        return (ContainerRuntime) new ContainerRuntimeProvider().create(new RuntimeSettings(Path.of("target"), options));
    }

    /** Asserts that none of the runtime's containers is left on the engine, running or not. */
    static void assertNoContainersLeft(ContainerRuntime runtime) throws Exception {
        try (var docker = DockerEngine.connect(ContainerOptions.defaults(Path.of(".")).effectiveDockerHost())) {
            var left = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(SandboxSpec.LABEL_INSTANCE, runtime.instance())).exec();
            assertThat(left).as("containers left by the runtime").isEmpty();
        }
    }

    static Task task(String... command) {
        return new Task(command.length == 0 ? null : List.of(command));
    }

    static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }

    /** A task context under construction; defaults are small limits and the test image. */
    static final class Task {
        private final Map<String, Object> payload = new HashMap<>();
        private byte[] input = new byte[0];
        private List<String> args = List.of();
        private Map<String, String> env = Map.of();
        private Limits limits = new Limits(64, 20_000, 0, 1.0, 1 << 20, 4 << 20);
        private LogSink logs = (stream, text) -> {};

        private Task(List<String> command) {
            payload.put("image", IMAGE);
            if (command != null) payload.put("command", command);
        }

        Task input(String text) {
            return input(text.getBytes(UTF_8));
        }

        Task input(byte[] bytes) {
            this.input = bytes;
            return this;
        }

        Task args(String... args) {
            this.args = List.of(args);
            return this;
        }

        Task env(Map<String, String> env) {
            this.env = env;
            return this;
        }

        Task outputFile(Object outputFile) {
            payload.put("outputFile", outputFile);
            return this;
        }

        Task payload(String field, Object value) {
            if (value == null) {
                payload.remove(field);
            } else {
                payload.put(field, value);
            }
            return this;
        }

        Task memoryMb(int memoryMb) {
            limits = new Limits(memoryMb, limits.timeoutMs(), 0, limits.cpus(), limits.maxOutputBytes(), limits.maxInputBytes());
            return this;
        }

        Task timeoutMs(long timeoutMs) {
            limits = new Limits(limits.memoryMb(), timeoutMs, 0, limits.cpus(), limits.maxOutputBytes(), limits.maxInputBytes());
            return this;
        }

        Task cpus(double cpus) {
            limits = new Limits(limits.memoryMb(), limits.timeoutMs(), 0, cpus, limits.maxOutputBytes(), limits.maxInputBytes());
            return this;
        }

        Task maxOutputBytes(long maxOutputBytes) {
            limits = new Limits(limits.memoryMb(), limits.timeoutMs(), 0, limits.cpus(), maxOutputBytes, limits.maxInputBytes());
            return this;
        }

        Task maxInputBytes(long maxInputBytes) {
            limits = new Limits(limits.memoryMb(), limits.timeoutMs(), 0, limits.cpus(), limits.maxOutputBytes(), maxInputBytes);
            return this;
        }

        Task logs(LogSink logs) {
            this.logs = logs;
            return this;
        }

        TaskContext build() {
            return new TaskContext("task-1", "attempt-1", null, input, args, env, Map.copyOf(payload), limits, 42,
                    Instant.EPOCH, logs);
        }
    }
}
