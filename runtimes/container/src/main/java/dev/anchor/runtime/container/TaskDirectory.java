package dev.anchor.runtime.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One task's host directories: {@code input/} (holding the file {@code input}), bound read-only at
 * /input, and {@code output/}, bound read-write at /output and writable by the task's user only.
 * Closing deletes both.
 */
final class TaskDirectory implements AutoCloseable {

    private final Path root;

    private TaskDirectory(Path root) {
        this.root = root;
    }

    static TaskDirectory create(Path scratch, byte[] input, int uid, int gid) throws IOException {
        var root = Files.createTempDirectory(scratch, "task-");
        var directory = new TaskDirectory(root);
        try {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
            Files.createDirectory(directory.input());
            Files.write(directory.input().resolve("input"), input);
            Files.setPosixFilePermissions(directory.input().resolve("input"), PosixFilePermissions.fromString("r--r--r--"));
            Files.setPosixFilePermissions(directory.input(), PosixFilePermissions.fromString("r-xr-xr-x"));
            Files.createDirectory(directory.output());
            if (HostIdentity.isRoot()) {
                Files.setAttribute(directory.output(), "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(directory.output(), "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                Files.setPosixFilePermissions(directory.output(), PosixFilePermissions.fromString("rwx------"));
            } else {
                // An unprivileged agent cannot give the directory away; the task's user needs to write it.
                Files.setPosixFilePermissions(directory.output(), PosixFilePermissions.fromString("rwxrwxrwx"));
            }
            return directory;
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    Path input() {
        return root.resolve("input");
    }

    Path output() {
        return root.resolve("output");
    }

    @Override
    public void close() {
        deleteTree(root);
    }

    /**
     * Deletes a tree without following links; what cannot be deleted is left behind (an unprivileged
     * agent cannot delete inside directories the task's user made).
     */
    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a leftover scratch directory is not worth failing a task for.
        }
    }
}
