package dev.anchor.agent.telemetry;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.agent.GpuInfo;
import dev.anchor.api.agent.Telemetry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

/**
 * A node's telemetry: CPU cores and load and memory from OSHI (which reads {@code /proc} on Linux and
 * counts reclaimable page cache as available, unlike the JDK), falling back to the JDK's operating
 * system bean where OSHI cannot load; disk figures of the file system holding the data directory; and
 * the GPUs from a {@link GpuMonitor}. Cheap enough to call at every heartbeat. Thread-safe.
 */
public final class TelemetryCollector {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryCollector.class);
    private static final long MIB = 1L << 20;

    private final Path dataDirectory;
    private final GpuMonitor gpus;
    private final CentralProcessor processor;
    private final GlobalMemory memory;

    private TelemetryCollector(Path dataDirectory, GpuMonitor gpus, CentralProcessor processor, GlobalMemory memory) {
        this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
        this.gpus = requireNonNull(gpus, "gpus is null");
        this.processor = processor;
        this.memory = memory;
    }

    /**
     * Starts collecting for an agent whose data lives in {@code dataDirectory}: probes the GPUs once now
     * (at most the probe's timeout), then refreshes them in the background at most every {@code gpuRefresh}.
     */
    public static TelemetryCollector start(Path dataDirectory, NvidiaSmi smi, Duration gpuRefresh) {
        CentralProcessor processor = null;
        GlobalMemory memory = null;
        try {
            var hardware = new SystemInfo().getHardware();
            processor = hardware.getProcessor();
            memory = hardware.getMemory();
            memory.getAvailable();
            processor.getSystemLoadAverage(1);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("OSHI cannot read this system ({}); CPU and memory figures come from the JDK", e.toString());
            processor = null;
            memory = null;
        }
        return new TelemetryCollector(dataDirectory, new GpuMonitor(smi, gpuRefresh, Clock.systemUTC()), processor, memory);
    }

    /** The GPUs as last probed (at start, the ones found then). */
    public List<GpuInfo> gpus() {
        return gpus.current();
    }

    public int cpuCores() {
        return processor != null ? processor.getLogicalProcessorCount() : Runtime.getRuntime().availableProcessors();
    }

    public long memoryTotalMb() {
        if (memory != null) return memory.getTotal() / MIB;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / MIB;
        }
        return Runtime.getRuntime().maxMemory() / MIB;
    }

    /** A heartbeat's telemetry, with the agent's own {@code running} and {@code freeSlots}. */
    public Telemetry collect(int running, int freeSlots) {
        Long diskTotal = null;
        Long diskFree = null;
        try {
            FileStore store = Files.getFileStore(dataDirectory);
            diskTotal = store.getTotalSpace() / MIB;
            diskFree = store.getUsableSpace() / MIB;
        } catch (IOException e) {
            LOG.debug("no disk figures for {}: {}", dataDirectory, e.toString());
        }
        return new Telemetry(load(), freeMemoryMb(), running, freeSlots, cpuCores(), memoryTotalMb(), diskTotal, diskFree, gpus.current());
    }

    private double load() {
        double load = processor != null ? processor.getSystemLoadAverage(1)[0] : ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return Math.max(0, load);
    }

    private long freeMemoryMb() {
        if (memory != null) return memory.getAvailable() / MIB;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getFreeMemorySize() / MIB;
        }
        return Runtime.getRuntime().freeMemory() / MIB;
    }
}
