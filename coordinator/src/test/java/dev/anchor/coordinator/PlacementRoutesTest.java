package dev.anchor.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.Json;
import dev.anchor.api.LimitsSpec;
import dev.anchor.api.PlacementView;
import dev.anchor.api.Requirements;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.agent.LeaseRequest;
import dev.anchor.api.agent.LeaseResponse;
import dev.anchor.api.agent.RegisterRequest;
import dev.anchor.api.agent.RegisterResponse;
import dev.anchor.client.AnchorClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placement over HTTP: requirements checked at submit, long polls woken for work they can run, cordon/drain routes, the placement view. */
final class PlacementRoutesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path data;
    private static Coordinator coordinator;
    private static AnchorClient admin;
    private static String adminKey;
    private static String userKey;

    @BeforeAll
    static void start() {
        coordinator = Coordinator.start(CoordinatorConfig.defaults(data).withPort(0));
        adminKey = coordinator.firstAdminKey().orElseThrow();
        admin = new AnchorClient(coordinator.url(), adminKey);
        userKey = admin.createUser("placement-user", "user").apiKey();
    }

    @AfterAll
    static void stop() {
        coordinator.close();
    }

    private record Node(String id, String token) {}

    private static Node register(String name, long memoryMb, int gpus, Map<String, String> labels) throws Exception {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        String publicKey = Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded());
        long now = System.currentTimeMillis();
        byte[] message = RegisterRequest.signedBytes(publicKey, now);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        RegisterRequest request = new RegisterRequest(coordinator.joinToken().orElseThrow(), publicKey, name, List.of("builtin"), 4,
                memoryMb, 4, now, Base64.getEncoder().encodeToString(signer.generateSignature()), gpus, labels);
        HttpResponse<String> answer = post("/api/v1/agent/register", null, Json.mapper().writeValueAsString(request));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        RegisterResponse response = Json.mapper().readValue(answer.body(), RegisterResponse.class);
        return new Node(response.nodeId(), response.nodeToken());
    }

    private static List<String> poll(Node node, long waitMs) throws Exception {
        HttpResponse<String> answer = post("/api/v1/agent/leases", node.token(), Json.mapper().writeValueAsString(new LeaseRequest(4, waitMs)));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Json.mapper().readValue(answer.body(), LeaseResponse.class).leases().stream().map(l -> l.jobId()).toList();
    }

    private static HttpResponse<String> post(String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(coordinator.url() + path)).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static TaskSpec sha256(Requirements requirements, Integer memoryMb) {
        return new TaskSpec("builtin", null, null, null, null, memoryMb == null ? null : new LimitsSpec(memoryMb, null, null, null, null, null),
                null, "crypto", "sha256", null, null, null, null, null, requirements);
    }

    private static String submit(TaskSpec task, Integer priority) {
        return admin.submit(new JobSubmission("placement", task, null, null, null, priority)).id();
    }

    private static JsonNode error(String json) throws Exception {
        HttpResponse<String> answer = post("/api/v1/jobs", adminKey, json);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        return Json.mapper().readTree(answer.body()).path("error");
    }

    @Test
    void bad_requirements_and_priorities_are_refused_naming_the_field() throws Exception {
        String task = "{\"library\":\"crypto\",\"method\":\"sha256\"";
        assertThat(error("{\"task\":" + task + ",\"requirements\":{\"gpus\":65}}}").path("details").path("field").asText())
                .isEqualTo("task.requirements.gpus");
        JsonNode label = error("{\"task\":" + task + ",\"requirements\":{\"labels\":{\"no space\":\"x\"}}}}");
        assertThat(label.path("details").path("field").asText()).isEqualTo("task.requirements.labels");
        assertThat(label.path("message").asText()).contains("'no space'");
        assertThat(error("{\"task\":" + task + "},\"priority\":101}").path("details").path("field").asText()).isEqualTo("priority");
        assertThat(error("{\"workflow\":{\"steps\":[{\"id\":\"s\",\"library\":\"crypto\",\"method\":\"sha256\","
                + "\"requirements\":{\"gpus\":-1}}]}}").path("details").path("field").asText()).isEqualTo("workflow.steps.s.requirements.gpus");
    }

    @Test
    void a_waiting_poll_that_cannot_run_the_task_passes_the_wake_to_one_that_can() throws Exception {
        Node plain = register("plain", 16_384, 0, Map.of());
        Node gpu = register("gpu", 16_384, 1, Map.of("zone", "eu-1"));
        CompletableFuture<List<String>> plainPoll = CompletableFuture.supplyAsync(() -> unchecked(() -> poll(plain, 3_000)));
        CompletableFuture<List<String>> gpuPoll = CompletableFuture.supplyAsync(() -> unchecked(() -> poll(gpu, 20_000)));
        String jobId = submit(sha256(new Requirements(1, Map.of("zone", "eu-1")), null), null);

        assertThat(gpuPoll.get()).containsExactly(jobId);
        assertThat(plainPoll.get()).doesNotContain(jobId);
        admin.holdNode(plain.id(), "cordon");
        admin.holdNode(gpu.id(), "cordon");
    }

    @Test
    void the_placement_view_says_why_a_task_waits_and_cordon_drain_uncordon_hold_a_node() throws Exception {
        Node small = register("small", 512, 0, Map.of());
        String big = submit(sha256(null, 4_096), 10);
        PlacementView view = new AnchorClient(coordinator.url(), adminKey).placement(big);
        assertThat(view.tasks()).singleElement().satisfies(task -> {
            assertThat(task.eligibleNodes()).isZero();
            assertThat(task.unmet()).anySatisfy(unmet -> assertThat(unmet).startsWith("no live node has memory >= 4096 MB"));
        });
        HttpResponse<String> hidden = HTTP.send(HttpRequest.newBuilder(URI.create(coordinator.url() + "/api/v1/jobs/" + big + "/placement"))
                .header("Authorization", "Bearer " + userKey).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hidden.statusCode()).as("another user's job").isEqualTo(404);
        assertThat(poll(small, 0)).isEmpty();

        HttpResponse<String> notAdmin = post("/api/v1/nodes/" + small.id() + "/cordon", userKey, null);
        assertThat(notAdmin.statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/nodes/no-such-node/drain", adminKey, null).statusCode()).isEqualTo(404);

        String fits = submit(sha256(null, 256), null);
        assertThat(admin.holdNode(small.id(), "drain").state()).isEqualTo("DRAINED");
        assertThat(poll(small, 0)).as("a draining node gets nothing").isEmpty();
        assertThat(admin.holdNode(small.id(), "cordon").state()).isEqualTo("CORDONED");
        assertThat(admin.placement(fits).tasks().getFirst().reason()).contains("no live, schedulable node");
        assertThat(admin.holdNode(small.id(), "uncordon").state()).isEqualTo("READY");
        assertThat(poll(small, 5_000)).containsExactly(fits);
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get(fits).task().state().name().equals("LEASED"));
        JobView stillWaiting = admin.get(big);
        assertThat(stillWaiting.task().state().name()).isEqualTo("READY");
        admin.holdNode(small.id(), "cordon");
        admin.cancel(big);
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T unchecked(Call<T> call) {
        try {
            return call.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
