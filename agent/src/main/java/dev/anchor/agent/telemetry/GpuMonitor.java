package dev.anchor.agent.telemetry;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.agent.GpuInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPUs as last probed. Probes once at start; afterwards {@link #current()} answers from the cache
 * at once and, when the cache is older than the refresh interval, starts one background probe, so a
 * heartbeat never waits for {@code nvidia-smi}. A node without the tool is probed only once. Each
 * distinct problem is logged once, not at every refresh. Thread-safe.
 */
final class GpuMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(GpuMonitor.class);

    private final NvidiaSmi smi;
    private final long refreshMs;
    private final Clock clock;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile List<GpuInfo> gpus = List.of();
    private volatile long probedAt;
    private volatile boolean absent;
    private volatile String lastProblem;

    GpuMonitor(NvidiaSmi smi, Duration refresh, Clock clock) {
        this.smi = requireNonNull(smi, "smi is null");
        this.refreshMs = requireNonNull(refresh, "refresh is null").toMillis();
        this.clock = requireNonNull(clock, "clock is null");
        probeNow();
    }

    /** The cached GPUs; starts a background refresh when they are stale. */
    List<GpuInfo> current() {
        if (!absent && clock.millis() - probedAt >= refreshMs && probing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("gpu-probe").start(() -> {
                try {
                    probeNow();
                } finally {
                    probing.set(false);
                }
            });
        }
        return gpus;
    }

    /** Whether a background refresh is running (for tests that wait for one to end). */
    boolean refreshing() {
        return probing.get();
    }

    private void probeNow() {
        NvidiaSmi.Probe probe = smi.probe();
        gpus = probe.result().gpus();
        absent = probe.absent();
        probedAt = clock.millis();
        String problem = probe.result().problem();
        if (problem != null && !Objects.equals(problem, lastProblem)) {
            if (probe.absent()) LOG.info("GPUs: {}", problem);
            else LOG.warn("GPUs: {}", problem);
        } else if (problem == null && lastProblem != null) {
            LOG.info("GPUs: nvidia-smi answers again; {} GPU(s)", gpus.size());
        }
        lastProblem = problem;
    }
}
