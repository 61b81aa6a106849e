package dev.anchor.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The unprivileged host user a sandbox runs as when the agent is root. Dropping root before bwrap
 * matters: the kernel never applies RLIMIT_NPROC to host uid 0, even inside a user namespace, so a
 * fork bomb would not be contained; and files owned by root would be the sandbox's own.
 *
 * @param uid host uid
 * @param gid host gid
 */
record HostUser(int uid, int gid) {

    /** The user to switch to, or null when the agent is not root and so already unprivileged. */
    static HostUser forSandbox(ProcessOptions options) {
        return agentIsRoot() ? new HostUser(options.sandboxUid(), options.sandboxGid()) : null;
    }

    static boolean agentIsRoot() {
        try {
            // /proc/self is owned by the process's effective uid.
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    void own(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }
}
