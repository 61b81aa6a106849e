/**
 * The {@code process} runtime: runs a command of the node inside bubblewrap.
 *
 * <p>{@link dev.anchor.runtime.process.ProcessRuntimeProvider} is the only public type; the agent
 * finds it with {@link java.util.ServiceLoader}. A run goes: {@code TaskPayload} reads the command
 * and output file; {@code TaskDirectory} makes a fresh host directory (work dir with the input,
 * a passwd and group file); {@code SandboxCommand} builds the {@code setpriv} / {@code bwrap} /
 * {@code prlimit} argv; {@code Launcher} starts it from one long-lived thread; {@code SandboxedRun}
 * feeds stdin, pumps stdout (bounded) and stderr (live log lines through {@code LogLines}), enforces
 * the wall clock, kills the whole tree on a limit or a cancel, and turns the exit status into a
 * {@link dev.anchor.spi.RunResult} with {@code ExitReasons}.
 */
package dev.anchor.runtime.process;
