package dev.anchor.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.Json;
import dev.anchor.api.agent.Telemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector on this machine: figures that exist everywhere are present and consistent. */
final class TelemetryCollectorTest {
    @TempDir
    Path dataDirectory;

    @Test
    void collects_cpu_memory_and_disk_of_the_data_directory() throws Exception {
        TelemetryCollector collector = TelemetryCollector.start(dataDirectory,
                new NvidiaSmi(dataDirectory.resolve("no-nvidia-smi").toString(), Duration.ofSeconds(1)), Duration.ofMinutes(1));

        Telemetry telemetry = collector.collect(3, 5);

        assertThat(telemetry.running()).isEqualTo(3);
        assertThat(telemetry.freeSlots()).isEqualTo(5);
        assertThat(telemetry.cpuCores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(telemetry.load()).isGreaterThanOrEqualTo(0);
        assertThat(telemetry.memoryTotalMb()).isPositive();
        assertThat(telemetry.freeMemoryMb()).isPositive().isLessThanOrEqualTo(telemetry.memoryTotalMb());
        var store = Files.getFileStore(dataDirectory);
        assertThat(telemetry.diskTotalMb()).isEqualTo(store.getTotalSpace() >> 20);
        assertThat(telemetry.diskFreeMb()).isPositive().isLessThanOrEqualTo(telemetry.diskTotalMb());
        assertThat(telemetry.gpus()).isEmpty();
    }

    @Test
    void gpus_found_at_start_go_into_every_heartbeat() throws Exception {
        Path tool = dataDirectory.resolve("nvidia-smi");
        Files.writeString(tool, "#!/bin/sh\necho '0, GPU-a, NVIDIA L4, 23034, 268, 0, 39, 16.31, 72.00'\n"
                + "echo '1, GPU-b, NVIDIA L4, 23034, [N/A], 0, 40, [N/A], 72.00'\n");
        tool.toFile().setExecutable(true);
        TelemetryCollector collector = TelemetryCollector.start(dataDirectory, new NvidiaSmi(tool.toString(), Duration.ofSeconds(5)),
                Duration.ofMinutes(1));

        Telemetry telemetry = collector.collect(0, 1);

        assertThat(collector.gpus()).hasSize(2);
        assertThat(telemetry.gpus()).extracting("uuid").containsExactly("GPU-a", "GPU-b");
        String json = Json.mapper().writeValueAsString(telemetry);
        assertThat(json).contains("\"uuid\":\"GPU-b\"").doesNotContain("null");
        assertThat(Json.mapper().readValue(json, Telemetry.class)).isEqualTo(telemetry);
    }

    @Test
    void an_older_agents_heartbeat_still_parses() throws Exception {
        Telemetry old = Json.mapper().readValue("{\"load\":0.5,\"freeMemoryMb\":900,\"running\":1,\"freeSlots\":3}", Telemetry.class);

        assertThat(old).isEqualTo(new Telemetry(0.5, 900, 1, 3));
        assertThat(old.gpus()).isEmpty();
        assertThat(old.memoryTotalMb()).isNull();
    }
}
