package dev.anchor.runtime.builtin;

import dev.anchor.spi.Limits;
import java.util.List;

/**
 * The {@code image} library: one PNG or JPEG in, one out. Every method also takes {@code format}
 * ({@code png} or {@code jpeg}; absent keeps the input's) and {@code quality} (JPEG, 1..100).
 */
final class ImageLibrary {

    static final String NAME = "image";
    private static final int MAX_SIDE = 65_535;
    private static final int DEFAULT_QUALITY = 90;

    /** What a method does to the decoded image. */
    @FunctionalInterface
    private interface Transform {
        Pixels apply(Pixels source, Params params, Limits limits) throws InterruptedException;
    }

    private ImageLibrary() {}

    static List<BuiltinMethod> methods() {
        return List.of(
                method("resize", schema("Resamples the image to width × height (triangle filter: averaging when"
                                + " shrinking, bilinear when enlarging)")
                                .integer("width", 1, MAX_SIDE, "the new width in pixels")
                                .integer("height", 1, MAX_SIDE, "the new height in pixels")
                                .optionalBoolean("keepAspect", false, "fit inside width × height keeping the aspect"
                                        + " ratio (one side may come out smaller)"),
                        ImageLibrary::resize),
                method("crop", schema("Cuts out the rectangle of width × height whose top-left corner is at (x, y);"
                                + " it must lie inside the image")
                                .integer("x", 0, MAX_SIDE - 1, "left edge, from 0")
                                .integer("y", 0, MAX_SIDE - 1, "top edge, from 0")
                                .integer("width", 1, MAX_SIDE, "width in pixels")
                                .integer("height", 1, MAX_SIDE, "height in pixels"),
                        ImageLibrary::crop),
                method("blur", schema("Gaussian blur (sigma = radius / 2)")
                                .integer("radius", 1, 50, "the kernel's radius in pixels"),
                        (source, params, limits) -> PixelOperations.blur(source, params.integer("radius"))),
                method("brighten", schema("Adds amount to each colour channel (negative darkens), clamped to 0..255")
                                .integer("amount", -255, 255, "what to add to red, green and blue"),
                        (source, params, limits) -> PixelOperations.brighten(source, params.integer("amount"))),
                method("contrast", schema("Scales each colour channel's distance from mid-grey by factor:"
                                + " 0 gives flat grey, 1 changes nothing, above 1 adds contrast")
                                .number("factor", 0, 10, "the contrast factor"),
                        (source, params, limits) -> PixelOperations.contrast(source, params.number("factor"))),
                method("grayscale", schema("Converts to grey by luma (0.299 R + 0.587 G + 0.114 B)"),
                        (source, params, limits) -> PixelOperations.grayscale(source)),
                method("rotate90", schema("Turns the image a quarter turn clockwise"),
                        (source, params, limits) -> PixelOperations.rotate90(source)),
                method("rotate180", schema("Turns the image upside down"),
                        (source, params, limits) -> PixelOperations.rotate180(source)),
                method("rotate270", schema("Turns the image a quarter turn counter-clockwise"),
                        (source, params, limits) -> PixelOperations.rotate270(source)),
                method("fliph", schema("Mirrors the image left to right"),
                        (source, params, limits) -> PixelOperations.flipHorizontally(source)),
                method("flipv", schema("Mirrors the image top to bottom"),
                        (source, params, limits) -> PixelOperations.flipVertically(source)),
                method("invert", schema("Inverts each colour channel (255 - value); alpha is kept"),
                        (source, params, limits) -> PixelOperations.invert(source)));
    }

    private static ParamSchema schema(String description) {
        return ParamSchema.describing(description);
    }

    private static BuiltinMethod method(String name, ParamSchema schema, Transform transform) {
        schema.optionalChoice("format", List.of("png", "jpeg"), "the output format; absent keeps the input's")
                .optionalInteger("quality", 1, 100, DEFAULT_QUALITY, "JPEG quality; ignored for PNG");
        return new BuiltinMethod(NAME, name, schema.build(), call -> run(call, transform));
    }

    private static MethodOutput run(Invocation call, Transform transform) throws InterruptedException {
        var decoded = ImageCodec.decode(call.input(), call.limits());
        var source = decoded.pixels();
        var result = transform.apply(source, call.params(), call.limits());
        var format = call.params().text("format").orElse(decoded.format());
        var bytes = ImageCodec.encode(result, format, call.params().integer("quality", DEFAULT_QUALITY),
                call.limits().maxOutputBytes());
        var summary = source.size() + " → " + result.size() + (format.equals(decoded.format()) ? "" : " " + format);
        return new MethodOutput(bytes, summary, Math.max(source.count(), result.count()) * ImageCodec.BYTES_PER_PIXEL);
    }

    private static Pixels resize(Pixels source, Params params, Limits limits) throws InterruptedException {
        long width = params.integer("width");
        long height = params.integer("height");
        if (params.flag("keepAspect", false)) {
            double scale = Math.min((double) width / source.width(), (double) height / source.height());
            width = Math.clamp(Math.round(source.width() * scale), 1, width);
            height = Math.clamp(Math.round(source.height() * scale), 1, height);
        }
        // Checked before allocating, like the source: resizing a small image to 65535×65535 is a bomb too.
        ImageCodec.checkSize("resized image", width, height, limits);
        return PixelOperations.resize(source, (int) width, (int) height);
    }

    private static Pixels crop(Pixels source, Params params, Limits limits) throws InterruptedException {
        int x = params.integer("x");
        int y = params.integer("y");
        int width = params.integer("width");
        int height = params.integer("height");
        if ((long) x + width > source.width()) {
            throw new MethodFailure("params.x + params.width: " + x + " + " + width + " = " + (x + width)
                    + " exceeds the image width of " + source.width());
        }
        if ((long) y + height > source.height()) {
            throw new MethodFailure("params.y + params.height: " + y + " + " + height + " = " + (y + height)
                    + " exceeds the image height of " + source.height());
        }
        return PixelOperations.crop(source, x, y, width, height);
    }
}
