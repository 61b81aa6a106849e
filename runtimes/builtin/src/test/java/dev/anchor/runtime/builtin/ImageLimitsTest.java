package dev.anchor.runtime.builtin;

import static dev.anchor.runtime.builtin.BuiltinTasks.task;
import static dev.anchor.runtime.builtin.TestImages.png;
import static dev.anchor.runtime.builtin.TestImages.uniform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.Outcome;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decompression bombs and images too large for the task: refused from the header, before decoding. */
final class ImageLimitsTest {

    @Test
    void png_claiming_ten_gigapixels_is_refused_from_its_header() throws Exception {
        var bomb = TestImages.pngClaiming(100_000, 100_000);
        assertThat(bomb.length).isLessThan(200);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getTotalThreadAllocatedBytes();

        var result = task("image", "invert").input(bomb).run();

        long allocated = threads.getTotalThreadAllocatedBytes() - allocatedBefore;
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("image of 100000×100000 pixels exceeds the limit of 50000000 pixels");
        // Decoding would need 40 GB; refusing it takes a few KB (plus whatever else this JVM allocated).
        assertThat(allocated).isLessThan(64L << 20);
        assertThat(result.usage().memoryBytes()).isZero();
    }

    @Test
    void jpeg_claiming_four_gigapixels_is_refused_from_its_header() throws Exception {
        // SOI, a baseline SOF0 frame header for 65500×65500 with 3 components, a scan header, EOI:
        // no tables and no scan data at all.
        var bomb = java.util.HexFormat.of().parseHex("ffd8" + "ffc0" + "0011" + "08" + "ffdc" + "ffdc" + "03"
                + "012200" + "021101" + "031101"
                + "ffda" + "000c" + "03" + "0100" + "0211" + "0311" + "003f00" + "ffd9");

        var result = task("image", "invert").input(bomb).run();

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("image of 65500×65500 pixels exceeds the limit of 50000000 pixels");
    }

    @Test
    void image_that_needs_more_than_the_memory_cap_is_refused() throws Exception {
        // 600×600×4 = 1.44 MB > 1 MiB.
        var result = task("image", "invert").input(TestImages.pngClaiming(600, 600)).memoryMb(1).run();

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("image of 600×600 pixels exceeds the limit of 1 MiB (limits.memoryMb) at 4 bytes a pixel");
    }

    @Test
    void image_within_the_memory_cap_is_decoded() throws Exception {
        var result = task("image", "invert").input(png(uniform(500, 500, TestImages.BLACK))).memoryMb(1).run();

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.usage().memoryBytes()).isEqualTo(500 * 500 * 4);
    }

    @Test
    void resizing_into_a_bomb_is_refused_before_allocating() throws Exception {
        var result = task("image", "resize").params(Map.of("width", 65_535, "height", 65_535))
                .input(png(uniform(2, 2, TestImages.RED))).run();

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("resized image of 65535×65535 pixels exceeds the limit of 50000000 pixels");
    }

    @Test
    void encoded_image_larger_than_the_output_cap_fails_naming_the_limit() throws Exception {
        var random = new java.util.Random(1);
        var noisy = TestImages.rgb(64, 64, (x, y) -> 0xFF000000 | random.nextInt());

        var result = task("image", "invert").input(png(noisy)).maxOutputBytes(100).run();

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("output limit of 100 bytes exceeded");
    }
}
