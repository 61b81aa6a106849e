package dev.anchor.runtime.process;

/** Kills a sandbox and everything under it. */
final class ProcessTree {

    private ProcessTree() {}

    /**
     * SIGKILLs the bwrap process and every descendant. Killing bwrap's init (PID 1 of the sandbox's
     * PID namespace) makes the kernel kill all the rest, including processes forked after the
     * descendants were listed; the explicit list covers a sandbox that has no PID namespace yet.
     */
    static void kill(Process process) {
        var descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
