package dev.anchor.runtime.builtin;

import static dev.anchor.runtime.builtin.BuiltinTasks.task;
import static dev.anchor.runtime.builtin.TestImages.BLACK;
import static dev.anchor.runtime.builtin.TestImages.BLUE;
import static dev.anchor.runtime.builtin.TestImages.GREEN;
import static dev.anchor.runtime.builtin.TestImages.RED;
import static dev.anchor.runtime.builtin.TestImages.WHITE;
import static dev.anchor.runtime.builtin.TestImages.png;
import static dev.anchor.runtime.builtin.TestImages.rgb;
import static dev.anchor.runtime.builtin.TestImages.uniform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.LogSink;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.TestingLogSink;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ImageMethodsTest {

    @Test
    void resize_scales_to_the_given_size() throws Exception {
        var out = image("resize", Map.of("width", 20, "height", 20), png(uniform(100, 50, BLUE)));

        assertThat(out.getWidth()).isEqualTo(20);
        assertThat(out.getHeight()).isEqualTo(20);
        assertThat(pixels(out)).containsOnly(BLUE);
    }

    @Test
    void resize_keeps_aspect_when_asked() throws Exception {
        var out = image("resize", Map.of("width", 20, "height", 20, "keepAspect", true), png(uniform(100, 50, BLUE)));

        assertThat(out.getWidth()).isEqualTo(20);
        assertThat(out.getHeight()).isEqualTo(10);
    }

    @Test
    void resize_averages_neighbours_when_shrinking() throws Exception {
        var out = image("resize", Map.of("width", 1, "height", 1), png(rgb(2, 1, (x, y) -> x == 0 ? BLACK : WHITE)));

        assertThat(out.getRGB(0, 0)).isEqualTo(0xFF808080);
    }

    @Test
    void resize_enlarges_a_single_pixel_into_a_uniform_image() throws Exception {
        var out = image("resize", Map.of("width", 3, "height", 3), png(uniform(1, 1, RED)));

        assertThat(pixels(out)).hasSize(9).containsOnly(RED);
    }

    @Test
    void resize_logs_the_sizes_and_reports_the_memory_it_worked_in() throws Exception {
        var logs = new TestingLogSink();

        var result = task("image", "resize").params(Map.of("width", 20, "height", 20)).input(png(uniform(100, 50, BLUE)))
                .logs(logs).run();

        assertThat(logs.lines()).containsExactly(new TestingLogSink.Line(LogSink.Stream.SYSTEM, "image.resize 100×50 → 20×20"));
        assertThat(result.usage().memoryBytes()).isEqualTo(100 * 50 * 4);
        assertThat(result.usage().outputBytes()).isEqualTo(result.output().length);
    }

    @Test
    void crop_cuts_out_the_rectangle() throws Exception {
        var source = rgb(4, 4, (x, y) -> 0xFF000000 | x * 60 << 16 | y * 60 << 8);

        var out = image("crop", Map.of("x", 1, "y", 2, "width", 2, "height", 1), png(source));

        assertThat(out.getWidth()).isEqualTo(2);
        assertThat(out.getHeight()).isEqualTo(1);
        assertThat(out.getRGB(0, 0)).isEqualTo(source.getRGB(1, 2));
        assertThat(out.getRGB(1, 0)).isEqualTo(source.getRGB(2, 2));
    }

    @Test
    void crop_outside_the_image_names_the_params() throws Exception {
        var result = task("image", "crop").params(Map.of("x", 3, "y", 0, "width", 2, "height", 1))
                .input(png(uniform(4, 4, RED))).run();

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("params.x + params.width: 3 + 2 = 5 exceeds the image width of 4");
    }

    @Test
    void blur_leaves_a_uniform_image_unchanged() throws Exception {
        var out = image("blur", Map.of("radius", 5), png(uniform(20, 10, GREEN)));

        assertThat(pixels(out)).containsOnly(GREEN);
    }

    @Test
    void blur_spreads_a_bright_pixel_evenly_to_its_neighbours() throws Exception {
        var out = image("blur", Map.of("radius", 2), png(rgb(11, 11, (x, y) -> x == 5 && y == 5 ? WHITE : BLACK)));

        int center = out.getRGB(5, 5) & 0xFF;
        assertThat(center).isBetween(1, 254);
        assertThat(out.getRGB(4, 5)).isEqualTo(out.getRGB(6, 5)).isEqualTo(out.getRGB(5, 4)).isEqualTo(out.getRGB(5, 6));
        assertThat(out.getRGB(4, 5) & 0xFF).isBetween(1, center);
        assertThat(out.getRGB(0, 0)).isEqualTo(BLACK);
    }

    @Test
    void brighten_adds_to_each_channel_and_clamps() throws Exception {
        var source = png(uniform(2, 2, 0xFF0A64FA));

        assertThat(image("brighten", Map.of("amount", 10), source).getRGB(0, 0)).isEqualTo(0xFF146EFF);
        assertThat(image("brighten", Map.of("amount", -255), source).getRGB(0, 0)).isEqualTo(BLACK);
    }

    @Test
    void contrast_scales_the_distance_from_mid_grey() throws Exception {
        var source = png(uniform(2, 2, 0xFF6480C8)); // 100, 128, 200

        assertThat(image("contrast", Map.of("factor", 2), source).getRGB(0, 0)).isEqualTo(0xFF4880FF); // 72, 128, 255
        assertThat(image("contrast", Map.of("factor", 0.0), source).getRGB(0, 0)).isEqualTo(0xFF808080);
    }

    @Test
    void grayscale_uses_luma_weights() throws Exception {
        var out = image("grayscale", Map.of(), png(rgb(3, 1, (x, y) -> new int[] {RED, GREEN, BLUE}[x])));

        assertThat(out.getRGB(0, 0)).isEqualTo(0xFF4C4C4C); // 76
        assertThat(out.getRGB(1, 0)).isEqualTo(0xFF969696); // 150
        assertThat(out.getRGB(2, 0)).isEqualTo(0xFF1D1D1D); // 29
    }

    @Test
    void rotate90_turns_clockwise() throws Exception {
        var out = image("rotate90", Map.of(), png(rgb(2, 1, (x, y) -> x == 0 ? RED : GREEN)));

        assertThat(out.getWidth()).isEqualTo(1);
        assertThat(out.getHeight()).isEqualTo(2);
        assertThat(out.getRGB(0, 0)).isEqualTo(RED);
        assertThat(out.getRGB(0, 1)).isEqualTo(GREEN);
    }

    @Test
    void rotate270_turns_counter_clockwise() throws Exception {
        var out = image("rotate270", Map.of(), png(rgb(2, 1, (x, y) -> x == 0 ? RED : GREEN)));

        assertThat(out.getRGB(0, 0)).isEqualTo(GREEN);
        assertThat(out.getRGB(0, 1)).isEqualTo(RED);
    }

    @Test
    void rotate180_turns_upside_down() throws Exception {
        var out = image("rotate180", Map.of(), png(quadrants()));

        assertThat(out.getRGB(0, 0)).isEqualTo(WHITE);
        assertThat(out.getRGB(1, 0)).isEqualTo(BLUE);
        assertThat(out.getRGB(0, 1)).isEqualTo(GREEN);
        assertThat(out.getRGB(1, 1)).isEqualTo(RED);
    }

    @Test
    void fliph_mirrors_left_to_right() throws Exception {
        var out = image("fliph", Map.of(), png(quadrants()));

        assertThat(out.getRGB(0, 0)).isEqualTo(GREEN);
        assertThat(out.getRGB(1, 0)).isEqualTo(RED);
        assertThat(out.getRGB(0, 1)).isEqualTo(WHITE);
    }

    @Test
    void flipv_mirrors_top_to_bottom() throws Exception {
        var out = image("flipv", Map.of(), png(quadrants()));

        assertThat(out.getRGB(0, 0)).isEqualTo(BLUE);
        assertThat(out.getRGB(1, 0)).isEqualTo(WHITE);
        assertThat(out.getRGB(0, 1)).isEqualTo(RED);
    }

    @Test
    void invert_inverts_colours_and_keeps_alpha() throws Exception {
        var source = TestImages.argb(1, 1, (x, y) -> 0x800A64FA);

        var out = image("invert", Map.of(), png(source));

        assertThat(out.getColorModel().hasAlpha()).isTrue();
        assertThat(out.getRGB(0, 0)).isEqualTo(0x80F59B05);
    }

    @Test
    void output_format_follows_the_input_unless_given() throws Exception {
        var jpegIn = TestImages.jpeg(uniform(8, 8, RED));

        var sameFormat = task("image", "fliph").input(jpegIn).run();
        var asPng = task("image", "fliph").params(Map.of("format", "png")).input(jpegIn).run();
        var asJpeg = task("image", "fliph").params(Map.of("format", "jpeg", "quality", 50)).input(png(uniform(8, 8, RED))).run();

        assertThat(ImageCodec.sniff(sameFormat.output())).isEqualTo("jpeg");
        assertThat(ImageCodec.sniff(asPng.output())).isEqualTo("png");
        assertThat(ImageCodec.sniff(asJpeg.output())).isEqualTo("jpeg");
        var red = TestImages.read(asJpeg.output()).getRGB(4, 4);
        assertThat((red >> 16) & 0xFF).isGreaterThan(200);
        assertThat(red & 0xFF).isLessThan(50);
    }

    @Test
    void input_that_is_not_an_image_fails_naming_what_it_starts_with() throws Exception {
        var result = task("image", "invert").input("GIF89a...").run();

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("input is not a PNG or JPEG image (9 bytes, starting 47 49 46 38 39 61 2e 2e)");
    }

    @Test
    void truncated_png_fails_as_unreadable() throws Exception {
        var whole = png(rgb(64, 64, (x, y) -> x * y));

        var result = task("image", "invert").input(Arrays.copyOf(whole, whole.length / 2)).run();

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).startsWith("input is not a readable PNG image: ");
    }

    /** 2×2: red, green on top; blue, white below. */
    private static BufferedImage quadrants() {
        return rgb(2, 2, (x, y) -> y == 0 ? (x == 0 ? RED : GREEN) : (x == 0 ? BLUE : WHITE));
    }

    private static BufferedImage image(String method, Map<String, ?> params, byte[] input) throws InterruptedException {
        var result = task("image", method).params(params).input(input).run();
        assertThat(result.outcome()).as("outcome (reason: %s)", result.reason()).isEqualTo(Outcome.SUCCEEDED);
        return TestImages.read(result.output());
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
