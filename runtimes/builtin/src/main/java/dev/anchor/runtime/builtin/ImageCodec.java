package dev.anchor.runtime.builtin;

import dev.anchor.spi.Limits;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOWriteProgressListener;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads PNG and JPEG into {@link Pixels} and writes them back, with the JDK's ImageIO.
 *
 * <p>Decompression bombs: a few hundred bytes of PNG can claim 100000×100000 pixels. The size is
 * read from the header (IHDR, SOF) before any pixel is decoded, and an image whose pixels would not
 * fit the task's memory cap, or that passes {@link #MAX_PIXELS}, is refused there.
 *
 * <p>ImageIO does not look at the thread's interrupt flag, so a progress listener aborts the reader
 * or writer once the thread is interrupted (a timeout or a cancellation); the caller then sees
 * {@link InterruptedException}.
 */
final class ImageCodec {

    /** The most pixels an image may have, whatever the memory cap: 50 Mpx. */
    static final long MAX_PIXELS = 50_000_000;
    static final int BYTES_PER_PIXEL = 4;

    /** A decoded image and the format it came in ({@code png} or {@code jpeg}). */
    record Decoded(Pixels pixels, String format) {}

    private ImageCodec() {}

    /**
     * Decodes a PNG or JPEG.
     *
     * @throws MethodFailure when the bytes are not a readable PNG or JPEG, or the image is too large
     */
    static Decoded decode(byte[] input, Limits limits) throws InterruptedException {
        var format = sniff(input);
        var reader = ImageIO.getImageReadersByFormatName(format).next();
        try (var stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(input))) {
            reader.setInput(stream, true, true);
            int width;
            int height;
            try {
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw unreadable(format, e);
            }
            checkSize("image", width, height, limits);
            reader.addIIOReadProgressListener(new AbortReadOnInterrupt());
            BufferedImage image;
            try {
                image = reader.read(0);
            } catch (IOException | RuntimeException e) {
                Pixels.checkInterrupted();
                throw unreadable(format, e);
            }
            Pixels.checkInterrupted();
            if (image == null) throw new InterruptedException();
            var argb = image.getRGB(0, 0, width, height, null, 0, width);
            return new Decoded(new Pixels(width, height, argb, image.getColorModel().hasAlpha()), format);
        } catch (IOException e) {
            throw unreadable(format, e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * Refuses an image of {@code width × height} that would pass the pixel cap or, at 4 bytes a
     * pixel, the task's memory cap.
     *
     * @param what how the reason names the image ({@code image}, {@code resized image})
     */
    static void checkSize(String what, long width, long height, Limits limits) {
        long pixels = width * height;
        if (pixels > MAX_PIXELS) {
            throw new MethodFailure(what + " of " + width + "×" + height + " pixels exceeds the limit of "
                    + MAX_PIXELS + " pixels");
        }
        if (pixels * BYTES_PER_PIXEL > limits.memoryBytes()) {
            throw new MethodFailure(what + " of " + width + "×" + height + " pixels exceeds the limit of "
                    + limits.memoryMb() + " MiB (limits.memoryMb) at " + BYTES_PER_PIXEL + " bytes a pixel");
        }
    }

    /**
     * Encodes pixels as PNG (with alpha when they have it) or JPEG (alpha dropped).
     *
     * @param quality JPEG quality 1..100; ignored for PNG
     * @throws MethodFailure when the encoded image would pass {@code maxOutputBytes}
     */
    static byte[] encode(Pixels pixels, String format, int quality, long maxOutputBytes) throws InterruptedException {
        var image = wrap(pixels, pixels.alpha() && format.equals("png"));
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        try (var out = new BoundedImageOutputStream(maxOutputBytes)) {
            writer.setOutput(out);
            writer.addIIOWriteProgressListener(new AbortWriteOnInterrupt());
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format.equals("jpeg")) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
            }
            writer.write(null, new IIOImage(image, null, null), param);
            Pixels.checkInterrupted();
            out.flush();
            return out.toByteArray();
        } catch (IOException e) {
            Pixels.checkInterrupted();
            // The PNG writer wraps what the stream threw in an IIOException of its own.
            Throwable cause = e;
            for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
                if (cause instanceof BoundedImageOutputStream.CapExceeded) throw new MethodFailure(cause.getMessage());
            }
            throw new MethodFailure("cannot encode the image as " + format.toUpperCase(Locale.ROOT) + ": " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
    }

    /** {@code png} or {@code jpeg} from the magic bytes. */
    static String sniff(byte[] input) {
        if (startsWith(input, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "png";
        if (startsWith(input, 0xFF, 0xD8, 0xFF)) return "jpeg";
        throw new MethodFailure("input is not a PNG or JPEG image (" + input.length + " bytes"
                + (input.length == 0 ? "" : ", starting " + java.util.HexFormat.ofDelimiter(" ")
                        .formatHex(input, 0, Math.min(input.length, 8))) + ")");
    }

    // The pixels' own array backs the image: no copy of a possibly large image just to encode it.
    private static BufferedImage wrap(Pixels pixels, boolean alpha) {
        var model = alpha
                ? new DirectColorModel(32, 0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000)
                : new DirectColorModel(24, 0x00FF0000, 0x0000FF00, 0x000000FF);
        var buffer = new DataBufferInt(pixels.argb(), pixels.argb().length);
        var raster = Raster.createPackedRaster(buffer, pixels.width(), pixels.height(), pixels.width(),
                model.getMasks(), null);
        return new BufferedImage(model, raster, false, null);
    }

    private static boolean startsWith(byte[] input, int... magic) {
        if (input.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if ((input[i] & 0xFF) != magic[i]) return false;
        }
        return true;
    }

    private static MethodFailure unreadable(String format, Exception e) {
        var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new MethodFailure("input is not a readable " + format.toUpperCase(Locale.ROOT) + " image: " + message, e);
    }

    private static final class AbortReadOnInterrupt implements IIOReadProgressListener {
        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            if (Thread.currentThread().isInterrupted()) source.abort();
        }

        @Override public void sequenceStarted(ImageReader source, int minIndex) {}
        @Override public void sequenceComplete(ImageReader source) {}
        @Override public void imageStarted(ImageReader source, int imageIndex) {}
        @Override public void imageComplete(ImageReader source) {}
        @Override public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {}
        @Override public void thumbnailProgress(ImageReader source, float percentageDone) {}
        @Override public void thumbnailComplete(ImageReader source) {}
        @Override public void readAborted(ImageReader source) {}
    }

    private static final class AbortWriteOnInterrupt implements IIOWriteProgressListener {
        @Override
        public void imageProgress(ImageWriter source, float percentageDone) {
            if (Thread.currentThread().isInterrupted()) source.abort();
        }

        @Override public void imageStarted(ImageWriter source, int imageIndex) {}
        @Override public void imageComplete(ImageWriter source) {}
        @Override public void thumbnailStarted(ImageWriter source, int imageIndex, int thumbnailIndex) {}
        @Override public void thumbnailProgress(ImageWriter source, float percentageDone) {}
        @Override public void thumbnailComplete(ImageWriter source) {}
        @Override public void writeAborted(ImageWriter source) {}
    }
}
