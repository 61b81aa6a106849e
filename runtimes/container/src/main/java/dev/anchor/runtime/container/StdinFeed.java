package dev.anchor.runtime.container;

import com.github.dockerjava.api.model.Frame;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * Gives the task's input to the container's stdin through an attach of its own, then drops that
 * attach so the engine closes stdin and the task reads end-of-file. docker-java's hijacked stream
 * never half-closes, so dropping the whole connection, once the writer thread has flushed the last
 * byte and ended, is the only end-of-file there is; stdout and stderr come on another attach.
 */
final class StdinFeed extends Subscription<Frame> {

    private static final long WRITER_JOIN_MILLIS = 5_000;
    private static final Thread.UncaughtExceptionHandler IGNORE = (thread, error) -> {};

    private final CountDownLatch drained = new CountDownLatch(1);
    private final InputStream stream;
    private volatile Thread writer;

    StdinFeed(byte[] input) {
        var bytes = new ByteArrayInputStream(input);
        this.stream = new InputStream() {
            @Override
            public int read() {
                adoptWriter();
                int b = bytes.read();
                if (b < 0) drained();
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                adoptWriter();
                int n = bytes.read(buffer, offset, length);
                if (n < 0) drained();
                return n;
            }
        };
    }

    /** What docker-java's writer thread copies to the container. */
    InputStream stream() {
        return stream;
    }

    @Override
    public void onNext(Frame frame) {
        // An attach for stdin alone gets no frames.
    }

    /** Starts a thread that drops the attach once every byte is written. */
    void closeWhenWritten(String taskId) {
        Thread.ofVirtual().name("container-" + taskId + "-stdin").start(() -> {
            try {
                drained.await();
                var thread = writer;
                // The writer flushed before asking for more; once it ends, no write can race the close.
                if (thread != null) thread.join(WRITER_JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close();
            }
        });
    }

    @Override
    public void close() {
        drained.countDown();
        super.close();
    }

    /**
     * Runs on docker-java's writer thread, which exists for this attach alone. When the task ends
     * without reading all its input, dropping the attach fails that thread's blocked write, and it
     * would die with a stack trace on stderr; the run already has its result, so that is dropped.
     */
    private void adoptWriter() {
        var thread = Thread.currentThread();
        if (thread.getUncaughtExceptionHandler() != IGNORE) thread.setUncaughtExceptionHandler(IGNORE);
    }

    private void drained() {
        writer = Thread.currentThread();
        drained.countDown();
    }
}
