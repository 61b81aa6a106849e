package dev.anchor.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anchor.api.AnchorException;
import dev.anchor.api.DataRef;
import dev.anchor.api.ErrorCode;
import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.Json;
import dev.anchor.api.TaskSpec;
import dev.anchor.client.AnchorClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input at the API: each gets a clear 4xx in the one error shape, and nothing is stored. */
final class ApiInputTest {
    private static final String MODULE = "AGFzbQEAAAA="; // the 8-byte empty wasm module

    @TempDir
    static Path data;
    private static Coordinator coordinator;
    private static AnchorClient admin;
    private static String adminKey;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        coordinator = Coordinator.start(CoordinatorConfig.defaults(data).withPort(0));
        adminKey = coordinator.firstAdminKey().orElseThrow();
        admin = new AnchorClient(coordinator.url(), adminKey);
    }

    @AfterAll
    static void stop() {
        coordinator.close();
    }

    private record Answer(int status, JsonNode body) {
        String code() {
            return body.path("error").path("code").asText();
        }

        String message() {
            return body.path("error").path("message").asText();
        }
    }

    private static Answer post(String path, String contentType, byte[] body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(coordinator.url() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) request.header("Content-Type", contentType);
        if (key != null) request.header("Authorization", "Bearer " + key);
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), Json.mapper().readTree(response.body()));
    }

    private static Answer submitRaw(String json) throws Exception {
        return post("/api/v1/jobs", "application/json", json.getBytes(), adminKey);
    }

    @Test
    void malformed_json_is_a_400_that_says_where() throws Exception {
        Answer answer = submitRaw("{\"task\": {\"module\": ");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo("malformed_json");
        assertThat(answer.message()).contains("line 1");
    }

    @Test
    void duplicate_keys_are_rejected() throws Exception {
        Answer answer = submitRaw("{\"name\": \"a\", \"name\": \"b\", \"task\": {\"module\": {\"base64\": \"" + MODULE + "\"}}}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.message()).contains("Duplicate field 'name'");
    }

    @Test
    void absurd_nesting_is_rejected() throws Exception {
        String deep = "[".repeat(100) + "]".repeat(100);
        Answer answer = submitRaw("{\"name\": " + deep + "}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo("malformed_json");
        assertThat(answer.message()).contains("deeper than 32");
    }

    @Test
    void a_body_over_the_limit_is_a_413() throws Exception {
        byte[] huge = new byte[2 << 20];
        java.util.Arrays.fill(huge, (byte) ' ');
        Answer answer = post("/api/v1/jobs", "application/json", huge, adminKey);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.code()).isEqualTo("payload_too_large");
    }

    @Test
    void an_unknown_field_is_named() throws Exception {
        Answer answer = submitRaw("{\"task\": {\"modul\": {}}}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo("invalid_field");
        assertThat(answer.body().path("error").path("details").path("field").asText()).isEqualTo("task.modul");
    }

    @Test
    void invalid_values_name_their_field() throws Exception {
        Answer limits = submitRaw("{\"task\": {\"module\": {\"base64\": \"" + MODULE + "\"}, \"limits\": {\"memoryMb\": -1}}}");
        assertThat(limits.status()).isEqualTo(400);
        assertThat(limits.message()).startsWith("task.limits.memoryMb:");
        Answer blob = submitRaw("{\"task\": {\"module\": {\"blob\": \"" + "a".repeat(64) + "\"}}}");
        assertThat(blob.message()).startsWith("task.module.blob: no blob");
        Answer runtime = submitRaw("{\"task\": {\"runtime\": \"cobol\"}}");
        assertThat(runtime.message()).startsWith("task.runtime: unknown runtime 'cobol'");
        Answer type = submitRaw("{\"task\": {\"module\": {\"base64\": \"" + MODULE + "\"}, \"limits\": {\"timeoutMs\": \"soon\"}}}");
        assertThat(type.message()).startsWith("task.limits.timeoutMs:");
    }

    @Test
    void a_non_json_content_type_is_a_415() throws Exception {
        Answer answer = post("/api/v1/jobs", "text/plain", "hello".getBytes(), adminKey);
        assertThat(answer.status()).isEqualTo(415);
    }

    @Test
    void a_missing_or_wrong_key_is_a_401() throws Exception {
        Answer missing = post("/api/v1/jobs", "application/json", "{}".getBytes(), null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.message()).contains("Authorization");
        Answer wrong = post("/api/v1/jobs", "application/json", "{}".getBytes(), "ak_nope");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.message()).isEqualTo("the API key is not valid");
    }

    @Test
    void another_users_job_answers_404_and_only_admins_make_users() {
        AnchorClient alice = new AnchorClient(coordinator.url(), admin.createUser("alice", "user").apiKey());
        AnchorClient bob = new AnchorClient(coordinator.url(), admin.createUser("bob", "user").apiKey());
        JobView job = alice.submit(JobSubmission.of("mine", new TaskSpec(null, DataRef.ofBase64(MODULE), null, null, null, null, null)));
        assertThat(job.task().runtime()).isEqualTo("wasm");
        assertThatThrownBy(() -> bob.get(job.id()))
                .isInstanceOfSatisfying(AnchorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> bob.cancel(job.id()))
                .isInstanceOfSatisfying(AnchorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(bob.list(null, 10, null).items()).isEmpty();
        assertThatThrownBy(() -> bob.createUser("mallory", "admin"))
                .isInstanceOfSatisfying(AnchorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(alice.cancel(job.id()).state()).isEqualTo(JobState.CANCELLED);
        assertThatThrownBy(() -> alice.cancel(job.id()))
                .isInstanceOfSatisfying(AnchorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void rejected_submissions_store_nothing() throws Exception {
        AnchorClient carol = new AnchorClient(coordinator.url(), admin.createUser("carol", "user").apiKey());
        String key = carol.me().apiKey();
        assertThat(key).isNull();
        for (String bad : new String[] {"{", "{\"task\": {}}", "{\"task\": {\"module\": {\"text\": \"x\"}}}"}) {
            assertThatThrownBy(() -> carol.submit(Json.mapper().readValue(bad.length() > 1 ? bad : "{}", JobSubmission.class)))
                    .isInstanceOf(AnchorException.class);
        }
        assertThat(carol.list(null, 10, null).items()).isEmpty();
    }

    @Test
    void an_upload_that_does_not_match_its_hash_is_refused() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(coordinator.url() + "/api/v1/blobs/" + "0".repeat(64)))
                .header("Authorization", "Bearer " + adminKey)
                .PUT(HttpRequest.BodyPublishers.ofString("content")).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("hash_mismatch");
        assertThatThrownBy(() -> admin.download("0".repeat(64)))
                .isInstanceOfSatisfying(AnchorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void an_unknown_route_answers_in_the_error_shape() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(coordinator.url() + "/api/v1/nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Json.mapper().readTree(response.body()).path("error").path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void waiting_on_a_job_that_cannot_run_answers_after_the_wait() {
        JobView job = admin.submit(JobSubmission.of(null, new TaskSpec("wasm", DataRef.ofBase64(MODULE), null, null, null, null, null)));
        JobView after = admin.await(job.id(), Duration.ofMillis(200));
        assertThat(after.state()).isEqualTo(JobState.PENDING);
        assertThat(after.task().state()).isEqualTo(dev.anchor.api.TaskState.READY);
    }
}
