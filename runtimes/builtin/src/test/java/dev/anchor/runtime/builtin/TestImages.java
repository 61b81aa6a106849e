package dev.anchor.runtime.builtin;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.IntBinaryOperator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Small generated images, and a way to read a task's output back as pixels. */
final class TestImages {

    static final int RED = 0xFFFF0000;
    static final int GREEN = 0xFF00FF00;
    static final int BLUE = 0xFF0000FF;
    static final int WHITE = 0xFFFFFFFF;
    static final int BLACK = 0xFF000000;

    private TestImages() {}

    /** An opaque RGB image whose pixel (x, y) has the colour {@code argb.applyAsInt(x, y)}. */
    static BufferedImage rgb(int width, int height, IntBinaryOperator argb) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) image.setRGB(x, y, argb.applyAsInt(x, y));
        }
        return image;
    }

    static BufferedImage argb(int width, int height, IntBinaryOperator argb) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) image.setRGB(x, y, argb.applyAsInt(x, y));
        }
        return image;
    }

    static BufferedImage uniform(int width, int height, int argb) {
        return rgb(width, height, (x, y) -> argb);
    }

    static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    static byte[] jpeg(BufferedImage image) {
        return encode(image, "jpeg");
    }

    static BufferedImage read(byte[] bytes) {
        try {
            var image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) throw new IllegalArgumentException("not an image");
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A valid PNG whose header claims {@code width × height} RGBA pixels but whose compressed data is
     * a few bytes: what a decompression bomb looks like before anyone decodes it.
     */
    static byte[] pngClaiming(int width, int height) {
        try {
            var out = new ByteArrayOutputStream();
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
            var header = new ByteArrayOutputStream();
            var data = new DataOutputStream(header);
            data.writeInt(width);
            data.writeInt(height);
            data.write(new byte[] {8, 6, 0, 0, 0}); // 8 bits, RGBA, deflate, adaptive filter, no interlace
            chunk(out, "IHDR", header.toByteArray());
            var deflater = new Deflater();
            deflater.setInput(new byte[64]);
            deflater.finish();
            var compressed = new byte[128];
            int length = deflater.deflate(compressed);
            chunk(out, "IDAT", java.util.Arrays.copyOf(compressed, length));
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] body) throws IOException {
        var data = new DataOutputStream(out);
        data.writeInt(body.length);
        var typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        data.write(typeBytes);
        data.write(body);
        var crc = new CRC32();
        crc.update(typeBytes);
        crc.update(body);
        data.writeInt((int) crc.getValue());
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            var out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no writer for " + format);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
