package dev.anchor.agent;

import dev.anchor.spi.RunResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * TEST ONLY: makes an agent cheat, so the Byzantine tests can show that verification catches it. Set
 * by the environment variable {@code ANCHOR_TEST_MISBEHAVE}, never by a flag or a config file:
 * <ul>
 *   <li>{@code flip:SECRET[:RATE]} — change the first output byte of a successful run (of every run, or
 *   of a RATE share of them), by a value derived from SECRET: two colluding nodes with one secret
 *   return the same wrong output, independent cheaters different ones;</li>
 *   <li>{@code cached} — after the first success, return that first output for every task.</li>
 * </ul>
 * The node still signs a valid receipt of what it returns: a receipt proves who said what, not that
 * it is true; redundancy finds the lie.
 */
final class Misbehaviour {
    static final String VARIABLE = "ANCHOR_TEST_MISBEHAVE";
    static final Misbehaviour NONE = new Misbehaviour(null, 0, 0, false);

    private final String mode;
    private final byte flip;
    private final double rate;
    private final boolean cached;
    private final Random random = new Random();
    private volatile RunResult first;

    private Misbehaviour(String mode, int flip, double rate, boolean cached) {
        this.mode = mode;
        this.flip = (byte) flip;
        this.rate = rate;
        this.cached = cached;
    }

    static Misbehaviour fromEnvironment() {
        Misbehaviour misbehaviour = parse(System.getenv(VARIABLE));
        if (misbehaviour.active()) {
            org.slf4j.LoggerFactory.getLogger(Misbehaviour.class).warn("TEST ONLY: this agent cheats ({}={})", VARIABLE, misbehaviour.mode());
        }
        return misbehaviour;
    }

    static Misbehaviour parse(String value) {
        if (value == null || value.isBlank()) return NONE;
        String[] parts = value.split(":");
        return switch (parts[0]) {
            case "flip" -> {
                if (parts.length < 2) throw new IllegalArgumentException(VARIABLE + "=flip needs a secret: flip:SECRET[:RATE]");
                double rate = parts.length > 2 ? Double.parseDouble(parts[2]) : 1.0;
                yield new Misbehaviour(value, flipOf(parts[1]), rate, false);
            }
            case "cached" -> new Misbehaviour(value, 0, 1.0, true);
            default -> throw new IllegalArgumentException(VARIABLE + " must be flip:SECRET[:RATE] or cached, not " + value);
        };
    }

    boolean active() {
        return mode != null;
    }

    String mode() {
        return mode;
    }

    /** What the cheating node returns instead of {@code result}. */
    RunResult apply(RunResult result) {
        if (mode == null || result.outcome() != dev.anchor.spi.Outcome.SUCCEEDED) return result;
        if (cached) {
            if (first == null) first = result;
            return first;
        }
        if (random.nextDouble() >= rate) return result;
        byte[] output = result.output().length == 0 ? new byte[1] : result.output().clone();
        output[0] ^= flip;
        return new RunResult(result.outcome(), output, result.reason(), result.usage());
    }

    private static int flipOf(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return (digest[0] & 0xff) | 1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
