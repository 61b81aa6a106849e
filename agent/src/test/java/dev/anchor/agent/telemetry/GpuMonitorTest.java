package dev.anchor.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anchor.api.agent.GpuInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class GpuMonitorTest {
    @TempDir
    Path directory;

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private volatile long millis = 1_700_000_000_000L;

        void advance(Duration by) {
            millis += by.toMillis();
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** A fake nvidia-smi that appends a line to {@code calls} at every run and reports as many GPUs as runs so far. */
    private NvidiaSmi countingTool() throws IOException {
        Path script = directory.resolve("nvidia-smi");
        Path calls = directory.resolve("calls");
        Files.writeString(script, """
                #!/bin/sh
                echo run >> '%s'
                n=$(wc -l < '%s')
                i=0
                while [ $i -lt $n ]; do echo "$i, GPU-$i, NVIDIA T4, 15360, 0, 0, 30, 9.5, 70.00"; i=$((i+1)); done
                """.formatted(calls, calls));
        script.toFile().setExecutable(true);
        return new NvidiaSmi(script.toString(), Duration.ofSeconds(10));
    }

    private long calls() throws IOException {
        Path calls = directory.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    @Test
    void probes_at_start_and_answers_from_the_cache_until_the_refresh_interval() throws IOException {
        ManualClock clock = new ManualClock();
        GpuMonitor monitor = new GpuMonitor(countingTool(), Duration.ofSeconds(60), clock);

        for (int i = 0; i < 50; i++) assertThat(monitor.current()).extracting(GpuInfo::index).containsExactly(0);
        clock.advance(Duration.ofSeconds(59));
        assertThat(monitor.current()).hasSize(1);

        assertThat(monitor.refreshing()).isFalse();
        assertThat(calls()).isEqualTo(1);
    }

    @Test
    void a_stale_cache_is_refreshed_in_the_background_once() throws IOException {
        ManualClock clock = new ManualClock();
        GpuMonitor monitor = new GpuMonitor(countingTool(), Duration.ofSeconds(60), clock);
        clock.advance(Duration.ofSeconds(60));

        assertThat(monitor.current()).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.current().size() == 2);

        assertThat(monitor.refreshing()).isFalse();
        assertThat(calls()).isEqualTo(2);
    }

    @Test
    void a_node_without_the_tool_is_probed_once() {
        ManualClock clock = new ManualClock();
        GpuMonitor monitor = new GpuMonitor(new NvidiaSmi(directory.resolve("absent").toString(), Duration.ofSeconds(1)),
                Duration.ofSeconds(1), clock);
        clock.advance(Duration.ofHours(1));

        assertThat(monitor.current()).isEmpty();
        assertThat(monitor.refreshing()).isFalse();
    }
}
