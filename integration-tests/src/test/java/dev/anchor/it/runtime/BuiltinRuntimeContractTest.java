package dev.anchor.it.runtime;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

final class BuiltinRuntimeContractTest extends RuntimeContract {
    @Override
    String name() {
        return "builtin";
    }

    private static Case call(String library, String method, Map<String, Object> params, byte[] input) {
        return new Case(null, input, Map.of("library", library, "method", method, "params", params), List.of());
    }

    private static byte[] png(int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    Case success() {
        return call("crypto", "sha256", Map.of(), "abc".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    String successOutput() {
        return "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    }

    @Override
    Case guestError() {
        return call("image", "resize", Map.of("width", 0, "height", 4), png(4, 4));
    }

    @Override
    Case runsForever() {
        // Not forever, but far longer than the 300 ms limit: the widest blur of a 2000×2000 image.
        return call("image", "blur", Map.of("radius", 50), png(2000, 2000));
    }

    @Override
    Optional<Case> memoryBomb() {
        // An upscale whose result would need far more than the 32 MiB cap.
        return Optional.of(call("image", "resize", Map.of("width", 8000, "height", 8000), png(4, 4)));
    }

    @Override
    Case outputFlood() {
        // Encrypting 64 KiB gives 64 KiB (plus the tag): far over a 4096-byte cap.
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String nonce = java.util.Base64.getEncoder().encodeToString(new byte[12]);
        return call("crypto", "aes_gcm_encrypt", Map.of("key", key, "nonce", nonce), new byte[64 * 1024]);
    }

    @Override
    Optional<Case> logsThenRuns() {
        return Optional.empty();
    }

    @Override
    String noLiveLogs() {
        return "builtin methods are library code, not guest programs: there is no guest output to stream live";
    }
}
