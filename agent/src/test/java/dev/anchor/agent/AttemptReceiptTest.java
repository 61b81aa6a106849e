package dev.anchor.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.anchor.api.BlobView;
import dev.anchor.api.DataRef;
import dev.anchor.api.Json;
import dev.anchor.api.Receipt;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.agent.AttemptUpdate;
import dev.anchor.api.agent.Lease;
import dev.anchor.api.agent.UpdateBatch;
import dev.anchor.api.agent.UpdateResults;
import dev.anchor.client.NodeClient;
import dev.anchor.receipt.PayloadHash;
import dev.anchor.receipt.ReceiptVerifier;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TaskContext;
import dev.anchor.spi.Usage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every FINISHED report carries a receipt, signed with the node's key over the bytes the run had.
 * A loopback HTTP server stands in for the coordinator's report and blob endpoints.
 */
final class AttemptReceiptTest {
    @TempDir
    Path data;

    private final List<AttemptUpdate> reports = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private HttpServer coordinator;
    private ScheduledExecutorService timer;
    private Reporter reporter;

    @BeforeEach
    void start() throws IOException {
        coordinator = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        coordinator.createContext("/api/v1/agent/updates", exchange -> {
            UpdateBatch batch = Json.mapper().readValue(exchange.getRequestBody().readAllBytes(), UpdateBatch.class);
            reports.addAll(batch.updates());
            answer(exchange, new UpdateResults(batch.updates().stream().map(u -> new UpdateResults.Result(u.attemptId(), true, null)).toList()));
        });
        coordinator.createContext("/api/v1/blobs", exchange -> {
            byte[] content = exchange.getRequestBody().readAllBytes();
            String sha256 = sha256(content);
            blobs.put(sha256, content);
            answer(exchange, new BlobView(sha256, content.length));
        });
        coordinator.start();
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        if (reporter != null) reporter.close();
        timer.shutdownNow();
        coordinator.stop(0);
    }

    private static void answer(HttpExchange exchange, Object body) throws IOException {
        byte[] json = Json.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, json.length);
        exchange.getResponseBody().write(json);
        exchange.close();
    }

    /** Answers with a fixed output, fuel and wall time, and remembers the input it was given. */
    private static final class FixedRuntime implements Runtime {
        private final byte[] output;
        volatile byte[] input;

        FixedRuntime(byte[] output) {
            this.output = output;
        }

        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public RunResult run(TaskContext context) {
            input = context.input();
            return RunResult.succeeded(output, new Usage(42, 0, 1_000, output.length));
        }
    }

    private Receipt runAndReceipt(FixedRuntime runtime, TaskSpec spec, NodeIdentity identity) {
        NodeClient client = new NodeClient("http://127.0.0.1:" + coordinator.getAddress().getPort());
        reporter = new Reporter(client, "test");
        reporter.start();
        AttemptRunner runner = new AttemptRunner(Map.of("fixed", runtime), new BlobCache(client), client, reporter, Journal.open(null), timer,
                identity.receiptSigner(Clock.systemUTC()));
        Lease lease = new Lease("task-1", "attempt-1", "job-1", "fixed", spec, System.currentTimeMillis() + 60_000, 7, 0, 1);
        assertThat(runner.run(lease)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> reports.stream().anyMatch(u -> "FINISHED".equals(u.type())));
        AttemptUpdate finished = reports.stream().filter(u -> "FINISHED".equals(u.type())).findFirst().orElseThrow();
        assertThat(finished.receipt()).isNotNull();
        return finished.receipt();
    }

    @Test
    void a_finished_report_carries_a_receipt_that_verifies_against_its_inline_output() {
        NodeIdentity identity = NodeIdentity.loadOrCreate(data);
        FixedRuntime runtime = new FixedRuntime("small output".getBytes(StandardCharsets.UTF_8));
        TaskSpec spec = new TaskSpec("fixed", null, List.of("a"), Map.of(), DataRef.ofText("the input"), null, null);

        Receipt receipt = runAndReceipt(runtime, spec, identity);

        AttemptUpdate finished = reports.stream().filter(u -> "FINISHED".equals(u.type())).findFirst().orElseThrow();
        byte[] output = Base64.getDecoder().decode(finished.output().base64());
        byte[] publicKey = Base64.getDecoder().decode(identity.publicKeyBase64());
        assertThat(ReceiptVerifier.verify(receipt, output, publicKey).problems()).isEmpty();
        assertThat(receipt.nodeId()).isEqualTo(identity.nodeId());
        assertThat(receipt.taskId()).isEqualTo("task-1");
        assertThat(receipt.attemptId()).isEqualTo("attempt-1");
        assertThat(receipt.outcome()).isEqualTo("SUCCEEDED");
        assertThat(receipt.moduleHash()).isEqualTo(PayloadHash.moduleHash(spec));
        assertThat(receipt.inputHash()).isEqualTo(PayloadHash.inputHash(runtime.input)).isEqualTo(PayloadHash.inputHash(spec.input()));
        assertThat(receipt.fuel()).isEqualTo(1_000);
        assertThat(receipt.durationMs()).isEqualTo(42);
    }

    @Test
    void an_output_uploaded_as_a_blob_is_hashed_as_the_same_bytes() {
        NodeIdentity identity = NodeIdentity.loadOrCreate(data);
        byte[] large = new byte[200_000];
        new java.util.Random(5).nextBytes(large);
        TaskSpec spec = new TaskSpec("fixed", null, null, null, null, null, null);

        Receipt receipt = runAndReceipt(new FixedRuntime(large), spec, identity);

        AttemptUpdate finished = reports.stream().filter(u -> "FINISHED".equals(u.type())).findFirst().orElseThrow();
        assertThat(finished.output().blob()).isEqualTo(receipt.outputHash());
        byte[] uploaded = blobs.get(finished.output().blob());
        assertThat(ReceiptVerifier.verify(receipt, uploaded, Base64.getDecoder().decode(identity.publicKeyBase64())).valid()).isTrue();
        assertThat(receipt.outputSize()).isEqualTo(200_000);
        assertThat(receipt.inputHash()).isEqualTo(PayloadHash.inputHash(new byte[0]));
        uploaded[0] ^= 1;
        assertThat(ReceiptVerifier.verify(receipt, uploaded, null).problems())
                .containsExactly("output does not match outputHash", "output does not match merkleRoot");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
