package dev.anchor.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anchor.api.Json;
import dev.anchor.api.NodeView;
import dev.anchor.api.agent.GpuInfo;
import dev.anchor.api.agent.HeartbeatRequest;
import dev.anchor.api.agent.RegisterRequest;
import dev.anchor.api.agent.RegisterResponse;
import dev.anchor.api.agent.Telemetry;
import dev.anchor.client.AnchorClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telemetry over the real agent protocol, and the nodes routes that show it. */
final class NodeTelemetryRoutesTest {
    private static final GpuInfo L4 = new GpuInfo(0, "GPU-0a1b", "NVIDIA L4", 23_034L, 268L, 3, 39, 16.31, 72.0);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path data;
    private static Coordinator coordinator;
    private static AnchorClient user;
    private static String userKey;

    @BeforeAll
    static void start() {
        coordinator = Coordinator.start(CoordinatorConfig.defaults(data).withPort(0));
        userKey = coordinator.firstAdminKey().orElseThrow();
        user = new AnchorClient(coordinator.url(), userKey);
    }

    @AfterAll
    static void stop() {
        coordinator.close();
    }

    /** A node registered over the wire: its id and session token. */
    private record Node(String id, String token) {}

    private static HttpResponse<String> registerRaw(String name, Integer gpus, Map<String, String> labels) throws Exception {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        String publicKey = Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded());
        long now = System.currentTimeMillis();
        byte[] message = RegisterRequest.signedBytes(publicKey, now);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        RegisterRequest request = new RegisterRequest(coordinator.joinToken().orElseThrow(), publicKey, name, List.of("wasm"), 4, 8_192,
                2, now, Base64.getEncoder().encodeToString(signer.generateSignature()), gpus, labels);
        return post("/api/v1/agent/register", null, Json.mapper().writeValueAsString(request));
    }

    private static Node register(String name, Integer gpus, Map<String, String> labels) throws Exception {
        HttpResponse<String> answer = registerRaw(name, gpus, labels);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        RegisterResponse response = Json.mapper().readValue(answer.body(), RegisterResponse.class);
        return new Node(response.nodeId(), response.nodeToken());
    }

    private static void heartbeat(Node node, Telemetry telemetry) throws Exception {
        HttpResponse<String> answer = post("/api/v1/agent/heartbeat", node.token(),
                Json.mapper().writeValueAsString(new HeartbeatRequest(telemetry, List.of())));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private static HttpResponse<String> post(String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(coordinator.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static NodeView listed(String id) {
        return user.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(coordinator.url() + path)).header("Authorization", "Bearer " + userKey).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void registration_and_heartbeats_show_on_the_node_and_in_its_history() throws Exception {
        Node node = register("gpu-node", 1, Map.of("zone", "eu-1"));
        assertThat(listed(node.id()).gpuCount()).isEqualTo(1);
        assertThat(listed(node.id()).labels()).containsExactly(Map.entry("zone", "eu-1"));

        heartbeat(node, new Telemetry(0.75, 6_000, 1, 1, 4, 8_192L, 100_000L, 40_000L, List.of(L4)));
        heartbeat(node, new Telemetry(1.25, 5_000, 2, 0, 4, 8_192L, 100_000L, 39_000L, List.of(L4)));

        NodeView view = listed(node.id());
        assertThat(view.load()).isEqualTo(1.25);
        assertThat(view.memoryTotalMb()).isEqualTo(8_192L);
        assertThat(view.diskFreeMb()).isEqualTo(39_000L);
        assertThat(view.gpus()).containsExactly(L4);
        HttpResponse<String> history = get("/api/v1/nodes/" + node.id() + "/telemetry");
        assertThat(history.statusCode()).isEqualTo(200);
        JsonNode items = Json.mapper().readTree(history.body()).path("items");
        // The node shows every heartbeat's figures; its history keeps one sample per 10 s, so the second is not in it.
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("load").asDouble()).isEqualTo(0.75);
        assertThat(items.get(0).path("diskFreeMb").asLong()).isEqualTo(40_000L);
        assertThat(items.get(0).path("gpus").get(0).path("name").asText()).isEqualTo("NVIDIA L4");
    }

    @Test
    void an_older_agents_heartbeat_without_the_new_fields_is_accepted() throws Exception {
        Node node = register("old-node", null, null);

        HttpResponse<String> answer = post("/api/v1/agent/heartbeat", node.token(),
                "{\"telemetry\":{\"load\":0.5,\"freeMemoryMb\":900,\"running\":0,\"freeSlots\":2},\"activeAttempts\":[]}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        NodeView view = listed(node.id());
        assertThat(view.freeMemoryMb()).isEqualTo(900);
        assertThat(view.gpuCount()).isZero();
        assertThat(view.memoryTotalMb()).isNull();
    }

    @Test
    void history_of_an_unknown_node_is_a_404() throws Exception {
        HttpResponse<String> answer = get("/api/v1/nodes/no-such-node/telemetry");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(Json.mapper().readTree(answer.body()).path("error").path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void a_bad_label_or_gpu_count_is_refused_naming_the_field() throws Exception {
        HttpResponse<String> label = registerRaw("bad", null, Map.of("no spaces", "x"));
        assertThat(label.statusCode()).isEqualTo(400);
        JsonNode error = Json.mapper().readTree(label.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_field");
        assertThat(error.path("details").path("field").asText()).isEqualTo("labels");
        assertThat(error.path("message").asText()).contains("'no spaces'");

        HttpResponse<String> gpus = registerRaw("bad", -1, null);
        assertThat(gpus.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(gpus.body()).path("error").path("details").path("field").asText()).isEqualTo("gpus");
    }
}
