package dev.anchor.runtime.container;

import com.github.dockerjava.api.model.WaitResponse;

/** The engine's wait call: ends with the container's exit status, then runs {@code onEnd}. */
final class ExitWatch extends Subscription<WaitResponse> {

    private final Runnable onEnd;
    private volatile Integer status;

    ExitWatch(Runnable onEnd) {
        this.onEnd = onEnd;
    }

    @Override
    public void onNext(WaitResponse response) {
        status = response.getStatusCode();
    }

    @Override
    protected void ended() {
        onEnd.run();
    }

    /** The exit status, or null when the wait ended without one. */
    Integer status() {
        return status;
    }
}
