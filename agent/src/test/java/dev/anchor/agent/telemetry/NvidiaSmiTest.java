package dev.anchor.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.agent.GpuInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe against real processes: shell scripts standing in for nvidia-smi. */
final class NvidiaSmiTest {
    @TempDir
    Path directory;

    private NvidiaSmi script(String body, Duration timeout) throws IOException {
        Path file = directory.resolve("fake-nvidia-smi");
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        file.toFile().setExecutable(true);
        return new NvidiaSmi(file.toString(), timeout);
    }

    @Test
    void the_query_arguments_are_passed_and_the_answer_parsed() throws IOException {
        NvidiaSmi smi = script("""
                [ "$1" = "--query-gpu=index,uuid,name,memory.total,memory.used,utilization.gpu,temperature.gpu,power.draw,power.limit" ] || exit 3
                [ "$2" = "--format=csv,noheader,nounits" ] || exit 4
                echo '0, GPU-1, NVIDIA L4, 23034, 268, 0, 39, 16.31, 72.00'""", Duration.ofSeconds(5));

        NvidiaSmi.Probe probe = smi.probe();

        assertThat(probe.absent()).isFalse();
        assertThat(probe.result().problem()).isNull();
        assertThat(probe.result().gpus()).containsExactly(new GpuInfo(0, "GPU-1", "NVIDIA L4", 23_034L, 268L, 0, 39, 16.31, 72.0));
    }

    @Test
    void a_missing_tool_is_reported_absent() {
        NvidiaSmi.Probe probe = new NvidiaSmi(directory.resolve("no-such-nvidia-smi").toString(), Duration.ofSeconds(5)).probe();

        assertThat(probe.absent()).isTrue();
        assertThat(probe.result().gpus()).isEmpty();
        assertThat(probe.result().problem()).contains("no-such-nvidia-smi").contains("reporting no GPUs");
    }

    @Test
    void a_failing_exit_gives_its_first_line_as_the_reason() throws IOException {
        NvidiaSmi smi = script("echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\"; exit 9",
                Duration.ofSeconds(5));

        NvidiaSmi.Probe probe = smi.probe();

        assertThat(probe.absent()).isFalse();
        assertThat(probe.result().gpus()).isEmpty();
        assertThat(probe.result().problem()).endsWith("exited with code 9: NVIDIA-SMI has failed because it couldn't communicate "
                + "with the NVIDIA driver.");
    }

    @Test
    void a_hung_tool_is_killed_after_the_timeout() throws IOException {
        NvidiaSmi smi = script("exec sleep 30", Duration.ofMillis(300));

        long started = System.nanoTime();
        NvidiaSmi.Probe probe = smi.probe();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(probe.result().gpus()).isEmpty();
        assertThat(probe.result().problem()).contains("did not answer within 300 ms");
    }

    @Test
    void endless_output_is_capped_not_buffered() throws IOException {
        NvidiaSmi smi = script("i=0; while [ $i -lt 20000 ]; do echo \"$i, GPU-$i, NVIDIA T4, 15360, 0, 0, 30, 9.5, 70.00\"; i=$((i+1)); done",
                Duration.ofSeconds(30));

        List<GpuInfo> gpus = smi.probe().result().gpus();

        assertThat(gpus).isNotEmpty().hasSizeLessThan(20_000);
        assertThat(gpus.getFirst().name()).isEqualTo("NVIDIA T4");
    }
}
