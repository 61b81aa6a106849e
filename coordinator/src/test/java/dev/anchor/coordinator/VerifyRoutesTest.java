package dev.anchor.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anchor.api.DataRef;
import dev.anchor.api.Json;
import dev.anchor.api.Receipt;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.agent.RegisterRequest;
import dev.anchor.client.NodeClient;
import dev.anchor.receipt.ReceiptSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1/verify} and its alias against a real coordinator, with a registered and an unknown node. */
final class VerifyRoutesTest {
    private static final byte[] OUTPUT = "the output".getBytes(StandardCharsets.UTF_8);
    private static final TaskSpec SPEC = new TaskSpec("wasm", DataRef.ofBlob("c".repeat(64)), null, null, null, null, null);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Ed25519PrivateKeyParameters REGISTERED_KEY = new Ed25519PrivateKeyParameters(new SecureRandom());
    private static final ReceiptSigner REGISTERED = new ReceiptSigner(REGISTERED_KEY, Clock.systemUTC());
    private static final ReceiptSigner UNKNOWN = new ReceiptSigner(new Ed25519PrivateKeyParameters(new SecureRandom()), Clock.systemUTC());

    @TempDir
    static Path data;
    private static Coordinator coordinator;
    private static String adminKey;

    @BeforeAll
    static void start() {
        coordinator = Coordinator.start(CoordinatorConfig.defaults(data).withPort(0));
        adminKey = coordinator.firstAdminKey().orElseThrow();
        String publicKey = Base64.getEncoder().encodeToString(REGISTERED.publicKey());
        long now = System.currentTimeMillis();
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, REGISTERED_KEY);
        byte[] message = RegisterRequest.signedBytes(publicKey, now);
        signer.update(message, 0, message.length);
        new NodeClient(coordinator.url()).register(new RegisterRequest(coordinator.joinToken().orElseThrow(), publicKey, "verify-test",
                List.of("wasm"), 1, 1024, 1, now, Base64.getEncoder().encodeToString(signer.generateSignature())));
    }

    @AfterAll
    static void stop() {
        coordinator.close();
    }

    private record Answer(int status, JsonNode body) {}

    private static Answer post(String path, byte[] body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(coordinator.url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) request.header("Authorization", "Bearer " + key);
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), Json.mapper().readTree(response.body()));
    }

    private static Answer verify(String path, Map<String, Object> body) throws Exception {
        return post(path, Json.mapper().writeValueAsBytes(body), adminKey);
    }

    private static Map<String, Object> withOutput(Receipt receipt, byte[] output) {
        return Map.of("receipt", receipt, "output", Map.of("base64", Base64.getEncoder().encodeToString(output)));
    }

    private static List<String> problems(Answer answer) {
        return Json.mapper().convertValue(answer.body().path("problems"), List.class);
    }

    @Test
    void a_receipt_of_a_registered_node_verifies_under_both_paths() throws Exception {
        Receipt receipt = REGISTERED.sign("task-1", "attempt-1", SPEC, new byte[0], "SUCCEEDED", OUTPUT, 5, 6);
        for (String path : List.of("/api/v1/verify", "/api/dag/verify")) {
            Answer answer = verify(path, withOutput(receipt, OUTPUT));
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.body().path("valid").asBoolean()).as(path).isTrue();
            assertThat(problems(answer)).isEmpty();
            assertThat(answer.body().path("nodeRegistered").asBoolean()).isTrue();
        }
    }

    @Test
    void a_receipt_of_an_unknown_node_verifies_but_says_it_is_not_registered() throws Exception {
        Answer answer = verify("/api/v1/verify", Map.of("receipt", UNKNOWN.sign("t", "a", SPEC, new byte[0], "FAILED", new byte[0], 0, 0)));
        assertThat(answer.body().path("valid").asBoolean()).isTrue();
        assertThat(answer.body().path("nodeRegistered").asBoolean()).isFalse();
    }

    @Test
    void another_key_under_a_registered_node_id_is_refused() throws Exception {
        Receipt genuine = REGISTERED.sign("task-1", "attempt-1", SPEC, new byte[0], "SUCCEEDED", OUTPUT, 5, 6);
        Receipt forged = UNKNOWN.sign(new Receipt(genuine.version(), genuine.taskId(), genuine.attemptId(), genuine.nodeId(),
                Base64.getEncoder().encodeToString(UNKNOWN.publicKey()), genuine.moduleHash(), genuine.inputHash(), genuine.outcome(),
                genuine.outputHash(), genuine.outputSize(), genuine.chunkSize(), genuine.merkleRoot(), genuine.executionHash(), genuine.fuel(),
                genuine.durationMs(), genuine.nonce(), genuine.timestamp(), null));
        Answer answer = verify("/api/v1/verify", Map.of("receipt", forged));
        assertThat(answer.body().path("valid").asBoolean()).isFalse();
        assertThat(answer.body().path("nodeRegistered").asBoolean()).isTrue();
        assertThat(problems(answer)).containsExactly("nodeId is not the fingerprint of publicKey", "publicKey is not the expected key");
    }

    @Test
    void tampered_output_inline_or_as_a_blob_is_reported() throws Exception {
        Receipt receipt = REGISTERED.sign("task-1", "attempt-1", SPEC, new byte[0], "SUCCEEDED", OUTPUT, 5, 6);
        byte[] tampered = "the outpuT".getBytes(StandardCharsets.UTF_8);
        assertThat(problems(verify("/api/v1/verify", withOutput(receipt, tampered))))
                .containsExactly("output does not match outputHash", "output does not match merkleRoot");

        HttpResponse<byte[]> upload = HTTP.send(HttpRequest.newBuilder(URI.create(coordinator.url() + "/api/v1/blobs"))
                .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(OUTPUT)).build(), HttpResponse.BodyHandlers.ofByteArray());
        String blob = Json.mapper().readTree(upload.body()).path("sha256").asText();
        Answer fromBlob = verify("/api/v1/verify", Map.of("receipt", receipt, "outputBlob", blob));
        assertThat(fromBlob.body().path("valid").asBoolean()).isTrue();
        assertThat(verify("/api/v1/verify", Map.of("receipt", receipt, "outputBlob", "d".repeat(64))).status()).isEqualTo(404);
    }

    @Test
    void malformed_bodies_are_400s_that_name_the_field() throws Exception {
        Receipt valid = UNKNOWN.sign("t", "a", SPEC, new byte[0], "FAILED", new byte[0], 0, 0);
        Answer unknown = verify("/api/v1/verify", Map.of("receipt", valid, "bogus", 1));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("error").path("message").asText()).startsWith("bogus: unknown field");

        Answer incomplete = post("/api/v1/verify", "{\"receipt\": {}}".getBytes(StandardCharsets.UTF_8), adminKey);
        assertThat(incomplete.status()).isEqualTo(400);
        assertThat(incomplete.body().path("error").path("message").asText()).startsWith("receipt.version:");

        Answer missing = post("/api/v1/verify", "{}".getBytes(StandardCharsets.UTF_8), adminKey);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().path("error").path("message").asText()).contains("receipt");

        Receipt receipt = UNKNOWN.sign("t", "a", SPEC, new byte[0], "FAILED", new byte[0], 0, 0);
        Answer badBase64 = verify("/api/v1/verify", Map.of("receipt", receipt, "output", Map.of("base64", "%%%")));
        assertThat(badBase64.status()).isEqualTo(400);
        assertThat(badBase64.body().path("error").path("message").asText()).contains("output.base64");

        Answer unauthenticated = post("/api/v1/verify", Json.mapper().writeValueAsBytes(Map.of("receipt", receipt)), null);
        assertThat(unauthenticated.status()).isEqualTo(401);
    }
}
