package dev.anchor.coordinator;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-job signals for those waiting on one job (result waits, event streams). A signal exists only
 * while someone waits; firing a job nobody watches costs a map lookup.
 */
final class JobSignals {
    private final ConcurrentHashMap<String, Entry> signals = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<Collection<String>> relay;

    private static final class Entry {
        final Signal signal = new Signal();
        int watchers;
    }

    /** Starts watching; pair with {@link #release}. */
    Signal watch(String jobId) {
        return signals.compute(jobId, (id, entry) -> {
            Entry e = entry == null ? new Entry() : entry;
            e.watchers++;
            return e;
        }).signal;
    }

    void release(String jobId) {
        signals.computeIfPresent(jobId, (id, entry) -> --entry.watchers == 0 ? null : entry);
    }

    /** Wakes this process's watchers of the jobs and, when a relay is set, those on other coordinators. */
    void fire(Collection<String> jobIds) {
        fireLocally(jobIds);
        var target = relay;
        if (target != null && !jobIds.isEmpty()) target.accept(jobIds);
    }

    /** Sets what {@link #fire} also calls (see {@link ReadyNotifier}); it must not block. */
    void relayTo(java.util.function.Consumer<Collection<String>> target) {
        this.relay = target;
    }

    /** Wakes only this process's watchers. */
    void fireLocally(Collection<String> jobIds) {
        for (String jobId : jobIds) {
            Entry entry = signals.get(jobId);
            if (entry != null) entry.signal.fire();
        }
    }
}
