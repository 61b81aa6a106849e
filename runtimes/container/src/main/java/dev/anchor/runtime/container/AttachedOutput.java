package dev.anchor.runtime.container;

import com.github.dockerjava.api.model.Frame;
import dev.anchor.spi.LogSink;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The container's stdout and stderr as the engine streams them. stdout is kept up to the output
 * limit (or, when the output is a file, sent as log lines); stderr becomes live log lines. Frames
 * arrive on one docker-java thread; {@link #stdout()} may be read from any thread.
 */
final class AttachedOutput extends Subscription<Frame> {

    private final long limit;
    private final LogLines stderr;
    private final LogLines stdoutLines;
    private final Runnable onLimit;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final AtomicBoolean exceeded = new AtomicBoolean();

    /**
     * @param stdoutIsLog whether stdout is log (the output is a file) rather than the output
     * @param onLimit     called once, on the stream thread, when stdout passes {@code limit}
     */
    AttachedOutput(LogBudget budget, boolean stdoutIsLog, long limit, Runnable onLimit) {
        this.limit = limit;
        this.onLimit = onLimit;
        this.stderr = new LogLines(budget, LogSink.Stream.STDERR);
        this.stdoutLines = stdoutIsLog ? new LogLines(budget, LogSink.Stream.STDOUT) : null;
    }

    @Override
    public void onNext(Frame frame) {
        var bytes = frame.getPayload();
        switch (frame.getStreamType()) {
            case STDERR -> stderr.write(bytes, 0, bytes.length);
            case STDOUT, RAW -> {
                if (stdoutLines != null) {
                    stdoutLines.write(bytes, 0, bytes.length);
                } else {
                    keep(bytes);
                }
            }
            case STDIN -> {
                // The engine never sends the task's stdin back.
            }
        }
    }

    private void keep(byte[] bytes) {
        if (exceeded.get()) return;
        long room = limit - stdout.size();
        if (bytes.length > room) {
            stdout.write(bytes, 0, (int) room);
            if (exceeded.compareAndSet(false, true)) onLimit.run();
            return;
        }
        stdout.writeBytes(bytes);
    }

    @Override
    protected void ended() {
        stderr.finish();
        if (stdoutLines != null) stdoutLines.finish();
    }

    boolean exceeded() {
        return exceeded.get();
    }

    byte[] stdout() {
        return stdout.toByteArray();
    }
}
