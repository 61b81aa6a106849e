package dev.anchor.bench;

import dev.anchor.api.DataRef;
import dev.anchor.api.Receipt;
import dev.anchor.api.TaskSpec;
import dev.anchor.receipt.Ed25519Strict;
import dev.anchor.receipt.ReceiptCodec;
import dev.anchor.receipt.ReceiptSigner;
import dev.anchor.receipt.ReceiptVerifier;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Receipt signing and verification on one thread (so the figures are per core): a whole receipt
 * check ({@link ReceiptVerifier#verify}: field formats, fingerprint, executionHash, canonical bytes and
 * strict Ed25519), and the signature alone with BouncyCastle (through {@link Ed25519Strict}) against the
 * JDK's {@code Signature.getInstance("Ed25519")}, plus signing with both. Each figure: a warm-up, then
 * the median of several timed rounds over a pool of distinct receipts from several node keys.
 * Target (issue 5): at least 8,000 receipts verified per second per core. Run with bench/run-receipts.
 */
public final class ReceiptBenchmark {
    private static final double TARGET = 8_000;
    private static final int NODES = 16;
    private static final int POOL = 1_024;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private final long warmupMs;
    private final long roundMs;
    private final int rounds;

    private ReceiptBenchmark(long warmupMs, long roundMs, int rounds) {
        this.warmupMs = warmupMs;
        this.roundMs = roundMs;
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        long warmupMs = 3_000;
        long roundMs = 1_000;
        int rounds = 7;
        for (String arg : args) {
            if (arg.startsWith("--warmup-ms=")) warmupMs = Long.parseLong(arg.substring(12));
            else if (arg.startsWith("--round-ms=")) roundMs = Long.parseLong(arg.substring(11));
            else if (arg.startsWith("--rounds=")) rounds = Integer.parseInt(arg.substring(9));
            else if (arg.equals("--help")) {
                System.out.println("usage: bench/run-receipts [--warmup-ms=3000] [--round-ms=1000] [--rounds=7]");
                return;
            } else {
                System.err.println("unknown option " + arg + "; see --help");
                System.exit(2);
            }
        }
        new ReceiptBenchmark(warmupMs, roundMs, rounds).run();
    }

    private record Row(String operation, double bouncyCastle, double jdk) {}

    private void run() throws Exception {
        SecureRandom random = new SecureRandom();
        KeyFactory keyFactory = KeyFactory.getInstance("Ed25519");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        List<ReceiptSigner> signers = new ArrayList<>();
        List<Ed25519PrivateKeyParameters> bcKeys = new ArrayList<>();
        List<KeyPair> jdkKeys = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(random);
            bcKeys.add(key);
            signers.add(new ReceiptSigner(key, Clock.systemUTC()));
            jdkKeys.add(generator.generateKeyPair());
        }
        TaskSpec spec = new TaskSpec("wasm", DataRef.ofBlob("ab".repeat(32)), List.of("--n", "10"), null, null, null, null);
        Receipt[] receipts = new Receipt[POOL];
        byte[][] messages = new byte[POOL][];
        byte[][] signatures = new byte[POOL][];
        byte[][] publicKeys = new byte[POOL][];
        PublicKey[] jdkPublicKeys = new PublicKey[POOL];
        byte[] output = new byte[1024];
        for (int i = 0; i < POOL; i++) {
            random.nextBytes(output);
            ReceiptSigner signer = signers.get(i % NODES);
            receipts[i] = signer.sign("task-" + i, "attempt-" + i, spec, new byte[0], "SUCCEEDED", output, 1_000 + i, 12);
            messages[i] = ReceiptCodec.canonicalBytes(receipts[i]);
            signatures[i] = Base64.getDecoder().decode(receipts[i].signature());
            publicKeys[i] = signer.publicKey();
            jdkPublicKeys[i] = keyFactory.generatePublic(new X509EncodedKeySpec(x509(publicKeys[i])));
        }
        ThreadLocalSignature jdkVerifier = new ThreadLocalSignature();

        System.out.printf(Locale.ROOT, "Receipt benchmark: 1 thread, %d receipts from %d node keys, warm-up %d ms, "
                + "median of %d rounds of %d ms (rates per CPU-second of the thread)%n", POOL, NODES, warmupMs, rounds, roundMs);
        System.out.printf(Locale.ROOT, "JVM %s (%s), %d cores visible, load average %.1f, revision %s%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), java.lang.Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("anchor.bench.revision", "unknown"));

        double receipt = measure(i -> ReceiptVerifier.verify(receipts[i % POOL]).valid());
        double bcVerify = measure(i -> Ed25519Strict.verify(publicKeys[i % POOL], messages[i % POOL], signatures[i % POOL]));
        double jdkVerify = measure(i -> jdkVerifier.verify(jdkPublicKeys[i % POOL], messages[i % POOL], signatures[i % POOL]));
        byte[] sink = new byte[64];
        double bcSign = measure(i -> {
            Ed25519PrivateKeyParameters key = bcKeys.get(i % NODES);
            key.sign(Ed25519.Algorithm.Ed25519, null, messages[i % POOL], 0, messages[i % POOL].length, sink, 0);
            return sink[0] != 0 || sink[1] != 0;
        });
        double jdkSign = measure(i -> jdkVerifier.sign(jdkKeys.get(i % NODES).getPrivate(), messages[i % POOL]).length == 64);
        double signReceipt = measure(i -> signers.get(i % NODES).sign("t", "a", spec, new byte[0], "SUCCEEDED", output, 1, 1).nonce() != null);

        List<Row> rows = List.of(
                new Row("verify signature (strict BC vs JDK)", bcVerify, jdkVerify),
                new Row("sign (BC vs JDK)", bcSign, jdkSign));
        System.out.println();
        System.out.printf(Locale.ROOT, "%-40s %14s %14s %8s%n", "operation, per second per core", "BouncyCastle", "JDK", "BC/JDK");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "%-40s %,14.0f %,14.0f %7.1fx%n", row.operation(), row.bouncyCastle(), row.jdk(),
                    row.bouncyCastle() / row.jdk());
        }
        System.out.printf(Locale.ROOT, "%-40s %,14.0f %14s%n", "whole receipt check (ReceiptVerifier)", receipt, "-");
        System.out.printf(Locale.ROOT, "%-40s %,14.0f %14s%n", "whole receipt signing (ReceiptSigner)", signReceipt, "-");
        System.out.println();
        System.out.printf(Locale.ROOT, "target: >= %,.0f receipts verified per second per core: %,.0f -> %s%n", TARGET, receipt,
                receipt >= TARGET ? "MET" : "MISSED");
    }

    /**
     * Operations per second of this thread's CPU time: the median of the timed rounds after a warm-up.
     * CPU time, not wall time, so that other processes on a shared machine do not count against the
     * figure (it is per core by construction). The predicate must hold for every call.
     */
    private double measure(IntPredicate operation) {
        int[] counter = {0};
        runFor(operation, warmupMs, counter);
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = CPU.getCurrentThreadCpuTime();
            long done = runFor(operation, roundMs, counter);
            rates[r] = done / ((CPU.getCurrentThreadCpuTime() - start) / 1e9);
        }
        Arrays.sort(rates);
        return rates[rounds / 2];
    }

    private static long runFor(IntPredicate operation, long ms, int[] counter) {
        long deadline = System.nanoTime() + ms * 1_000_000;
        long done = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 64; i++) {
                if (!operation.test(counter[0]++)) throw new IllegalStateException("an operation failed: the benchmark measures nothing real");
            }
            done += 64;
        }
        return done;
    }

    /** The X.509 SubjectPublicKeyInfo of a raw Ed25519 key, as the JDK's KeyFactory reads it. */
    private static byte[] x509(byte[] raw) {
        byte[] prefix = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] out = Arrays.copyOf(prefix, prefix.length + raw.length);
        System.arraycopy(raw, 0, out, prefix.length, raw.length);
        return out;
    }

    /** One JDK {@link Signature} object reused, as a careful caller would. */
    private static final class ThreadLocalSignature {
        private final Signature signature;

        ThreadLocalSignature() throws Exception {
            signature = Signature.getInstance("Ed25519");
        }

        boolean verify(PublicKey key, byte[] message, byte[] bytes) {
            try {
                signature.initVerify(key);
                signature.update(message);
                return signature.verify(bytes);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] sign(PrivateKey key, byte[] message) {
            try {
                signature.initSign(key);
                signature.update(message);
                return signature.sign();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
