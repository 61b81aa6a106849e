package dev.anchor.bench.fleet;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.anchor.api.ErrorBody;
import dev.anchor.api.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One HTTP/1.1 client shared by every simulated node: one selector thread and one connection pool for
 * the whole fleet, where a {@code NodeClient} per node would start a client (and its selector thread)
 * per node. Requests run on virtual threads. Thread-safe.
 */
final class FleetHttp implements AutoCloseable {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(executor)
            .build();

    /** A refused call: the status and the coordinator's error message. */
    static final class CallFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        CallFailed(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** POSTs {@code body} as JSON with an optional bearer token and reads the answer as {@code type}. */
    <T> T post(URI uri, String bearer, Object body, Class<T> type, Duration timeout) throws IOException, InterruptedException {
        requireNonNull(uri, "uri is null");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)));
        if (bearer != null) request.header("Authorization", "Bearer " + bearer);
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) throw new CallFailed(response.statusCode(), message(response.body()));
        return Json.mapper().readValue(response.body(), type);
    }

    private static String message(byte[] body) {
        try {
            return Json.mapper().readValue(body, ErrorBody.class).error().message();
        } catch (JsonProcessingException | RuntimeException e) {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable error body)";
        }
    }

    @Override
    public void close() {
        // Not close(): that waits for the long polls in flight, up to their full wait.
        http.shutdownNow();
        executor.shutdownNow();
    }
}
