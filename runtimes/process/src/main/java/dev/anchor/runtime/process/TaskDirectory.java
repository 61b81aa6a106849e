package dev.anchor.runtime.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One task's directory on the host: {@code work/} (bound read-write at /work, holding the file
 * {@code input}) and the {@code passwd} and {@code group} files the sandbox sees in /etc. Deleted,
 * with everything the task wrote, when closed.
 */
final class TaskDirectory implements AutoCloseable {

    static final String SANDBOX_USER = "anchor";
    static final int SANDBOX_UID = 1000;

    private final Path root;

    private TaskDirectory(Path root) {
        this.root = root;
    }

    /**
     * Makes the directory under {@code scratch}.
     *
     * @param owner the host user the sandbox runs as, who must own the work dir; null when the
     *              sandbox runs as the agent's own user
     */
    static TaskDirectory create(Path scratch, HostUser owner, byte[] input) throws IOException {
        var root = Files.createTempDirectory(scratch, "task-");
        var directory = new TaskDirectory(root);
        try {
            // Searchable but not listable, so the unprivileged sandbox user can reach work/ only.
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
            var work = Files.createDirectory(directory.work());
            Files.write(work.resolve("input"), input);
            Files.writeString(directory.passwd(), SANDBOX_USER + ":x:" + SANDBOX_UID + ":" + SANDBOX_UID
                    + ":Anchor task:/work:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n", UTF_8);
            Files.writeString(directory.group(), SANDBOX_USER + ":x:" + SANDBOX_UID + ":\nnogroup:x:65534:\n", UTF_8);
            for (var file : new Path[] {directory.passwd(), directory.group(), work.resolve("input")}) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
            if (owner != null) {
                owner.own(work);
                owner.own(work.resolve("input"));
            }
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx------"));
            return directory;
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    Path root() {
        return root;
    }

    Path work() {
        return root.resolve("work");
    }

    Path passwd() {
        return root.resolve("passwd");
    }

    Path group() {
        return root.resolve("group");
    }

    /** Deletes everything, never following a link the task made. Best effort: failures are ignored. */
    @Override
    public void close() {
        deleteTree(root);
    }

    /** Deletes a tree without following links, undoing permissions the task may have removed. */
    static void deleteTree(Path path) {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            // The task may have made a directory unreadable; as its owner (or root) we can undo that.
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
            } catch (IOException | UnsupportedOperationException ignored) {
                // Deleting below still tries.
            }
            try (var children = Files.newDirectoryStream(path)) {
                for (var child : children) {
                    deleteTree(child);
                }
            } catch (IOException ignored) {
                // Deleting the directory itself reports what is left.
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (DirectoryNotEmptyException ignored) {
            // Left behind; the scratch directory is removed when the runtime closes.
        } catch (IOException ignored) {
            // Best effort.
        }
    }
}
