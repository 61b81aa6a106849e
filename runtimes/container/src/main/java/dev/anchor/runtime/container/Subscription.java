package dev.anchor.runtime.container;

import com.github.dockerjava.api.async.ResultCallback;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A streaming engine call (attach, wait) seen from the task's thread: whether it has started and
 * ended, its error, and a close that drops its connection. docker-java calls the {@code on*}
 * methods from a thread of its own; an error is kept, not logged, because the run reports it.
 */
abstract class Subscription<T> implements ResultCallback<T> {

    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Closeable connection;
    private volatile boolean closed;
    private volatile Throwable error;

    @Override
    public final void onStart(Closeable connection) {
        this.connection = connection;
        if (closed) closeQuietly(connection);
        started.countDown();
    }

    @Override
    public final void onError(Throwable throwable) {
        if (!closed) error = throwable;
        finish();
    }

    @Override
    public final void onComplete() {
        finish();
    }

    /** Called once, on docker-java's thread, when the stream has ended for any reason. */
    protected void ended() {}

    /** Waits until the engine answered the call (or failed it); false when the time ran out. */
    final boolean awaitStarted(long nanos) throws InterruptedException {
        return started.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** Waits until the stream has ended; false when the time ran out. */
    final boolean awaitEnded(long nanos) throws InterruptedException {
        return ended.await(nanos, TimeUnit.NANOSECONDS);
    }

    final boolean hasEnded() {
        return ended.getCount() == 0;
    }

    /** Why the call failed, or null. */
    final Throwable error() {
        return error;
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(connection);
    }

    private void finish() {
        if (ended.getCount() == 0) return;
        try {
            ended();
        } finally {
            started.countDown();
            ended.countDown();
        }
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable == null) return;
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            // Dropping the connection is all that is wanted.
        }
    }
}
