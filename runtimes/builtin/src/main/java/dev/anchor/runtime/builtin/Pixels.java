package dev.anchor.runtime.builtin;

import static java.util.Objects.requireNonNull;

/**
 * An image as packed ARGB ints, row by row (the layout of {@code BufferedImage.TYPE_INT_ARGB}).
 * Operations make new arrays rather than change this one.
 *
 * @param width  columns, at least 1
 * @param height rows, at least 1
 * @param argb   {@code width × height} pixels, {@code 0xAARRGGBB}
 * @param alpha  whether the alpha channel carries information (the source had one); when false every
 *               alpha byte is {@code 0xFF}
 */
record Pixels(int width, int height, int[] argb, boolean alpha) {

    Pixels {
        requireNonNull(argb, "argb is null");
        if (width < 1 || height < 1) throw new IllegalArgumentException("empty image " + width + "×" + height);
        if ((long) width * height != argb.length) {
            throw new IllegalArgumentException(argb.length + " pixels for a " + width + "×" + height + " image");
        }
    }

    long count() {
        return (long) width * height;
    }

    /** {@code W×H}, as reasons and log lines write a size. */
    String size() {
        return width + "×" + height;
    }

    static int alpha(int argb) {
        return argb >>> 24;
    }

    static int red(int argb) {
        return (argb >> 16) & 0xFF;
    }

    static int green(int argb) {
        return (argb >> 8) & 0xFF;
    }

    static int blue(int argb) {
        return argb & 0xFF;
    }

    static int pack(int alpha, int red, int green, int blue) {
        return alpha << 24 | clamp(red) << 16 | clamp(green) << 8 | clamp(blue);
    }

    static int clamp(int channel) {
        return channel < 0 ? 0 : Math.min(channel, 255);
    }

    /** Throws when the thread was interrupted: loops call it once per row. */
    static void checkInterrupted() throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
    }
}
