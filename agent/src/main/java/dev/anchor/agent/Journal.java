package dev.anchor.agent;

import dev.anchor.api.agent.Lease;
import dev.anchor.spi.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The node's own record of what it executed: one line per attempt run, written and forced to disk
 * before the result is reported, so an audit can compare what nodes ran with what the coordinator
 * recorded. Line: {@code jobId taskId attemptId tries outcome outputSha256}.
 */
final class Journal {
    private static final Journal NONE = new Journal(null);

    private final FileChannel channel;

    private Journal(FileChannel channel) {
        this.channel = channel;
    }

    static Journal open(Path file) {
        if (file == null) return NONE;
        try {
            return new Journal(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal " + file, e);
        }
    }

    void record(Lease lease, RunResult result) {
        if (channel == null) return;
        String line = String.join(" ", lease.jobId(), lease.taskId(), lease.attemptId(), Integer.toString(lease.tries()),
                result.outcome().name(), sha256(result.output())) + "\n";
        synchronized (this) {
            try {
                channel.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the journal", e);
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
