package dev.anchor.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.agent.GpuInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

final class NvidiaSmiParserTest {
    private static String captured(String name) {
        try (InputStream in = NvidiaSmiParserTest.class.getResourceAsStream("/nvidia-smi/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void real_output_of_an_h100_is_read_with_and_without_units() {
        GpuInfo nounits = new GpuInfo(0, "GPU-856ea17e-33a1-c3d2-3856-81078c50fdf2", "NVIDIA H100 80GB HBM3", 81_559L, 0L, 0, 42, 115.80, 700.0);
        GpuInfo units = new GpuInfo(0, "GPU-856ea17e-33a1-c3d2-3856-81078c50fdf2", "NVIDIA H100 80GB HBM3", 81_559L, 0L, 0, 42, 113.65, 700.0);

        assertThat(NvidiaSmiParser.parse(captured("real-h100-driver-580-nounits.csv"))).isEqualTo(new NvidiaSmiParser.Result(List.of(nounits), null));
        assertThat(NvidiaSmiParser.parse(captured("real-h100-driver-580-header-units.csv"))).isEqualTo(new NvidiaSmiParser.Result(List.of(units), null));
    }

    @Test
    void the_answer_to_an_unknown_field_gives_no_gpus() {
        NvidiaSmiParser.Result result = NvidiaSmiParser.parse(captured("real-driver-580-bad-field.txt"));

        assertThat(result.gpus()).isEmpty();
        assertThat(result.problem()).isEqualTo("nvidia-smi gave no GPU rows: Field \"bogus.field\" is not a valid field to query.");
    }

    @Test
    void four_gpus_without_units_are_read_in_order() {
        NvidiaSmiParser.Result result = NvidiaSmiParser.parse(captured("four-h100-nounits.csv"));

        assertThat(result.problem()).isNull();
        assertThat(result.gpus()).extracting(GpuInfo::index).containsExactly(0, 1, 2, 3);
        assertThat(result.gpus().getFirst()).isEqualTo(new GpuInfo(0, "GPU-5b3c1d8e-8a52-4f55-93a5-1c2b3d4e5f60",
                "NVIDIA H100 80GB HBM3", 81_559L, 1_024L, 37, 41, 118.52, 700.0));
        assertThat(result.gpus().get(1).utilizationPercent()).isEqualTo(100);
        assertThat(result.gpus().get(1).powerDrawW()).isEqualTo(689.91);
    }

    @Test
    void a_header_line_and_units_are_tolerated() {
        NvidiaSmiParser.Result result = NvidiaSmiParser.parse(captured("rtx4090-header-units.csv"));

        assertThat(result.problem()).isNull();
        assertThat(result.gpus()).containsExactly(new GpuInfo(0, "GPU-0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6",
                "NVIDIA GeForce RTX 4090", 24_564L, 1_893L, 12, 45, 35.17, 450.0));
    }

    @Test
    void not_available_and_not_supported_figures_are_null() {
        NvidiaSmiParser.Result result = NvidiaSmiParser.parse(captured("k80-not-available.csv"));

        assertThat(result.problem()).isNull();
        assertThat(result.gpus()).containsExactly(
                new GpuInfo(0, "GPU-3e4f5a6b-7c8d-9e0f-1a2b-3c4d5e6f7a8b", "Tesla K80", 11_441L, 0L, 0, 32, null, null),
                new GpuInfo(1, "GPU-4f5a6b7c-8d9e-0f1a-2b3c-4d5e6f7a8b9c", "Tesla K80", 11_441L, null, null, null, null, 149.0));
    }

    @Test
    void padding_tabs_blank_lines_and_crlf_are_ignored() {
        NvidiaSmiParser.Result result = NvidiaSmiParser.parse(captured("a100-whitespace-crlf.csv"));

        assertThat(result.problem()).isNull();
        assertThat(result.gpus()).extracting(GpuInfo::name).containsExactly("NVIDIA A100-SXM4-40GB", "NVIDIA A100-SXM4-40GB");
        assertThat(result.gpus().getFirst().uuid()).isEqualTo("GPU-6b7c8d9e-0f1a-2b3c-4d5e-6f7a8b9c0d1e");
        assertThat(result.gpus().get(1).memoryUsedMb()).isEqualTo(39_000L);
        assertThat(result.gpus().get(1).powerDrawW()).isEqualTo(391.2);
    }

    @Test
    void a_comma_in_the_product_name_stays_in_the_name() {
        NvidiaSmiParser.Result result = NvidiaSmiParser.parse(captured("comma-in-name.csv"));

        assertThat(result.gpus()).singleElement().satisfies(gpu -> {
            assertThat(gpu.name()).isEqualTo("Quadro RTX 8000, Rev 2");
            assertThat(gpu.memoryTotalMb()).isEqualTo(48_601L);
            assertThat(gpu.powerLimitW()).isEqualTo(260.0);
        });
    }

    @Test
    void a_driver_error_message_gives_no_gpus_and_says_why() {
        NvidiaSmiParser.Result result = NvidiaSmiParser.parse(captured("driver-error.txt"));

        assertThat(result.gpus()).isEmpty();
        assertThat(result.problem()).startsWith("nvidia-smi gave no GPU rows: NVIDIA-SMI has failed because it couldn't communicate");
    }

    @Test
    void no_devices_found_gives_no_gpus() {
        NvidiaSmiParser.Result result = NvidiaSmiParser.parse(captured("no-devices.txt"));

        assertThat(result.gpus()).isEmpty();
        assertThat(result.problem()).contains("No devices were found");
    }

    @Test
    void a_lost_gpu_line_is_reported_and_the_good_rows_kept() {
        NvidiaSmiParser.Result result = NvidiaSmiParser.parse(captured("one-gpu-lost.txt"));

        assertThat(result.gpus()).extracting(GpuInfo::name).containsExactly("NVIDIA L4");
        assertThat(result.problem()).startsWith("1 line(s) of nvidia-smi output were not GPU rows: Unable to determine the device handle");
    }

    @Test
    void empty_and_blank_output_give_no_gpus() {
        assertThat(NvidiaSmiParser.parse("")).isEqualTo(NvidiaSmiParser.Result.none("nvidia-smi printed nothing"));
        assertThat(NvidiaSmiParser.parse(" \n\r\n ").gpus()).isEmpty();
        assertThat(NvidiaSmiParser.parse(null).gpus()).isEmpty();
    }

    @Test
    void garbage_never_throws() {
        for (String text : new String[] {",,,,,,,,", "x, y, z, 1, 2, 3, 4, 5, 6", "-1, u, n, 1, 2, 3, 4, 5, 6", "0,,,,,,,,",
                "0, u, n, 1e999, NaN, 12 GiB, 3 %%, -5, ", "\u0000\u0001", "0, u, n, 1 2 3, 4, 5, 6, 7, 8"}) {
            NvidiaSmiParser.Result result = NvidiaSmiParser.parse(text);
            assertThat(result).isNotNull();
        }
        assertThat(NvidiaSmiParser.parse("x, y, z, 1, 2, 3, 4, 5, 6").gpus()).isEmpty();
        assertThat(NvidiaSmiParser.parse("0,,,,,,,,").gpus()).containsExactly(new GpuInfo(0, null, null, null, null, null, null, null, null));
        assertThat(NvidiaSmiParser.parse("0, u, n, 1e999, NaN, 12 GiB, 3 %, -5, ").gpus().getFirst())
                .isEqualTo(new GpuInfo(0, "u", "n", null, null, null, 3, null, null));
    }
}
