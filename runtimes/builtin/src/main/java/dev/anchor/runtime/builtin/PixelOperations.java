package dev.anchor.runtime.builtin;

import static dev.anchor.runtime.builtin.Pixels.alpha;
import static dev.anchor.runtime.builtin.Pixels.blue;
import static dev.anchor.runtime.builtin.Pixels.checkInterrupted;
import static dev.anchor.runtime.builtin.Pixels.green;
import static dev.anchor.runtime.builtin.Pixels.pack;
import static dev.anchor.runtime.builtin.Pixels.red;

/**
 * The image operations, on {@link Pixels}. Each returns a new image and checks the thread's
 * interrupt flag once per row, so a timeout or cancellation stops it within a row's work.
 * Colour channels are processed independently; alpha is kept by the colour operations and filtered
 * like a colour by resize and blur.
 */
final class PixelOperations {

    private PixelOperations() {}

    /**
     * Resamples to {@code width × height} with a triangle filter whose support widens with the
     * reduction (area-like averaging when shrinking, bilinear when enlarging), one axis at a time.
     */
    static Pixels resize(Pixels source, int width, int height) throws InterruptedException {
        // The order that makes the smaller intermediate image, which is never larger than the
        // larger of the source and the result.
        if ((long) width * source.height() <= (long) source.width() * height) {
            return resizeVertically(resizeHorizontally(source, width), height);
        }
        return resizeHorizontally(resizeVertically(source, height), width);
    }

    private static Pixels resizeHorizontally(Pixels source, int width) throws InterruptedException {
        if (width == source.width()) return source;
        var taps = Taps.of(source.width(), width);
        var in = source.argb();
        var out = new int[width * source.height()];
        for (int y = 0; y < source.height(); y++) {
            checkInterrupted();
            int row = y * source.width();
            for (int x = 0; x < width; x++) {
                out[y * width + x] = taps.apply(x, in, row, 1);
            }
        }
        return new Pixels(width, source.height(), out, source.alpha());
    }

    private static Pixels resizeVertically(Pixels source, int height) throws InterruptedException {
        if (height == source.height()) return source;
        var taps = Taps.of(source.height(), height);
        var in = source.argb();
        var out = new int[source.width() * height];
        for (int y = 0; y < height; y++) {
            checkInterrupted();
            for (int x = 0; x < source.width(); x++) {
                out[y * source.width() + x] = taps.apply(y, in, x, source.width());
            }
        }
        return new Pixels(source.width(), height, out, source.alpha());
    }

    /** For each output position along one axis: which input positions feed it, and how much. */
    private record Taps(int[] first, int[] count, float[][] weights) {

        static Taps of(int in, int out) {
            double scale = (double) in / out;
            double support = Math.max(scale, 1.0);
            var first = new int[out];
            var count = new int[out];
            var weights = new float[out][];
            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(center - support));
                int hi = Math.min(in, (int) Math.ceil(center + support));
                var w = new double[hi - lo];
                double sum = 0;
                for (int x = lo; x < hi; x++) {
                    w[x - lo] = Math.max(0, 1 - Math.abs((x + 0.5 - center) / support));
                    sum += w[x - lo];
                }
                if (sum == 0) { // cannot happen for in, out >= 1, but never divide by zero
                    lo = Math.min(in - 1, (int) center);
                    w = new double[] {1};
                    sum = 1;
                }
                first[i] = lo;
                count[i] = w.length;
                weights[i] = new float[w.length];
                for (int k = 0; k < w.length; k++) weights[i][k] = (float) (w[k] / sum);
            }
            return new Taps(first, count, weights);
        }

        int apply(int i, int[] pixels, int base, int stride) {
            float a = 0, r = 0, g = 0, b = 0;
            var w = weights[i];
            int index = base + first[i] * stride;
            for (int k = 0; k < count[i]; k++, index += stride) {
                int p = pixels[index];
                a += w[k] * alpha(p);
                r += w[k] * red(p);
                g += w[k] * green(p);
                b += w[k] * blue(p);
            }
            return pack(Pixels.clamp(Math.round(a)), Math.round(r), Math.round(g), Math.round(b));
        }
    }

    /** The rectangle at {@code (x, y)}; the caller has checked that it lies inside the image. */
    static Pixels crop(Pixels source, int x, int y, int width, int height) throws InterruptedException {
        var out = new int[width * height];
        for (int row = 0; row < height; row++) {
            checkInterrupted();
            System.arraycopy(source.argb(), (y + row) * source.width() + x, out, row * width, width);
        }
        return new Pixels(width, height, out, source.alpha());
    }

    /**
     * Gaussian blur of the given radius (sigma = radius / 2, kernel cut at ±radius), one axis at a
     * time; edges repeat the border pixel.
     */
    static Pixels blur(Pixels source, int radius) throws InterruptedException {
        var kernel = gaussian(radius);
        int w = source.width();
        int h = source.height();
        var in = source.argb();
        var across = new int[in.length];
        for (int y = 0; y < h; y++) {
            checkInterrupted();
            for (int x = 0; x < w; x++) {
                float a = 0, r = 0, g = 0, b = 0;
                for (int k = -radius; k <= radius; k++) {
                    int p = in[y * w + Math.clamp(x + k, 0, w - 1)];
                    float weight = kernel[k + radius];
                    a += weight * alpha(p);
                    r += weight * red(p);
                    g += weight * green(p);
                    b += weight * blue(p);
                }
                across[y * w + x] = pack(Pixels.clamp(Math.round(a)), Math.round(r), Math.round(g), Math.round(b));
            }
        }
        var out = new int[in.length];
        for (int y = 0; y < h; y++) {
            checkInterrupted();
            for (int x = 0; x < w; x++) {
                float a = 0, r = 0, g = 0, b = 0;
                for (int k = -radius; k <= radius; k++) {
                    int p = across[Math.clamp(y + k, 0, h - 1) * w + x];
                    float weight = kernel[k + radius];
                    a += weight * alpha(p);
                    r += weight * red(p);
                    g += weight * green(p);
                    b += weight * blue(p);
                }
                out[y * w + x] = pack(Pixels.clamp(Math.round(a)), Math.round(r), Math.round(g), Math.round(b));
            }
        }
        return new Pixels(w, h, out, source.alpha());
    }

    private static float[] gaussian(int radius) {
        double sigma = radius / 2.0;
        var kernel = new float[2 * radius + 1];
        double sum = 0;
        var raw = new double[kernel.length];
        for (int k = -radius; k <= radius; k++) {
            raw[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
            sum += raw[k + radius];
        }
        for (int i = 0; i < kernel.length; i++) kernel[i] = (float) (raw[i] / sum);
        return kernel;
    }

    /** Adds {@code amount} to each colour channel, clamped to 0..255. */
    static Pixels brighten(Pixels source, int amount) throws InterruptedException {
        var table = new int[256];
        for (int c = 0; c < 256; c++) table[c] = Pixels.clamp(c + amount);
        return mapChannels(source, table);
    }

    /** Scales each colour channel's distance from mid-grey (128) by {@code factor}, clamped. */
    static Pixels contrast(Pixels source, double factor) throws InterruptedException {
        var table = new int[256];
        for (int c = 0; c < 256; c++) table[c] = Pixels.clamp((int) Math.round((c - 128) * factor + 128));
        return mapChannels(source, table);
    }

    static Pixels invert(Pixels source) throws InterruptedException {
        var table = new int[256];
        for (int c = 0; c < 256; c++) table[c] = 255 - c;
        return mapChannels(source, table);
    }

    /** Luma by ITU-R BT.601 weights (0.299 R + 0.587 G + 0.114 B), alpha kept. */
    static Pixels grayscale(Pixels source) throws InterruptedException {
        var in = source.argb();
        var out = new int[in.length];
        for (int y = 0; y < source.height(); y++) {
            checkInterrupted();
            for (int i = y * source.width(), end = i + source.width(); i < end; i++) {
                int p = in[i];
                int luma = (int) Math.round(0.299 * red(p) + 0.587 * green(p) + 0.114 * blue(p));
                out[i] = pack(alpha(p), luma, luma, luma);
            }
        }
        return new Pixels(source.width(), source.height(), out, source.alpha());
    }

    /** A quarter turn clockwise: the top row becomes the right column. */
    static Pixels rotate90(Pixels source) throws InterruptedException {
        int w = source.width();
        int h = source.height();
        var out = new int[w * h];
        for (int y = 0; y < h; y++) {
            checkInterrupted();
            for (int x = 0; x < w; x++) out[x * h + (h - 1 - y)] = source.argb()[y * w + x];
        }
        return new Pixels(h, w, out, source.alpha());
    }

    /** A quarter turn counter-clockwise: the top row becomes the left column. */
    static Pixels rotate270(Pixels source) throws InterruptedException {
        int w = source.width();
        int h = source.height();
        var out = new int[w * h];
        for (int y = 0; y < h; y++) {
            checkInterrupted();
            for (int x = 0; x < w; x++) out[(w - 1 - x) * h + y] = source.argb()[y * w + x];
        }
        return new Pixels(h, w, out, source.alpha());
    }

    static Pixels rotate180(Pixels source) throws InterruptedException {
        var in = source.argb();
        var out = new int[in.length];
        for (int y = 0; y < source.height(); y++) {
            checkInterrupted();
            for (int i = y * source.width(), end = i + source.width(); i < end; i++) out[in.length - 1 - i] = in[i];
        }
        return new Pixels(source.width(), source.height(), out, source.alpha());
    }

    /** Mirrors left to right. */
    static Pixels flipHorizontally(Pixels source) throws InterruptedException {
        int w = source.width();
        var in = source.argb();
        var out = new int[in.length];
        for (int y = 0; y < source.height(); y++) {
            checkInterrupted();
            for (int x = 0; x < w; x++) out[y * w + (w - 1 - x)] = in[y * w + x];
        }
        return new Pixels(w, source.height(), out, source.alpha());
    }

    /** Mirrors top to bottom. */
    static Pixels flipVertically(Pixels source) throws InterruptedException {
        int w = source.width();
        int h = source.height();
        var out = new int[w * h];
        for (int y = 0; y < h; y++) {
            checkInterrupted();
            System.arraycopy(source.argb(), y * w, out, (h - 1 - y) * w, w);
        }
        return new Pixels(w, h, out, source.alpha());
    }

    private static Pixels mapChannels(Pixels source, int[] table) throws InterruptedException {
        var in = source.argb();
        var out = new int[in.length];
        for (int y = 0; y < source.height(); y++) {
            checkInterrupted();
            for (int i = y * source.width(), end = i + source.width(); i < end; i++) {
                int p = in[i];
                out[i] = alpha(p) << 24 | table[red(p)] << 16 | table[green(p)] << 8 | table[blue(p)];
            }
        }
        return new Pixels(source.width(), source.height(), out, source.alpha());
    }
}
