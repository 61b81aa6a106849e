package dev.anchor.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorBody;
import dev.anchor.api.ErrorCode;
import dev.anchor.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** HTTP plumbing shared by the clients: JSON in and out, bearer auth, errors as AnchorException. */
final class Transport {
    private final URI base;
    private final Supplier<String> bearer;
    private final HttpClient http;

    Transport(URI base, Supplier<String> bearer) {
        this.base = requireNonNull(base, "base is null");
        this.bearer = requireNonNull(bearer, "bearer is null");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    URI base() {
        return base;
    }

    <T> T send(String method, String path, Object body, Class<T> type, Duration timeout) {
        return decode(sendRaw(method, path, body == null ? null : json(body), "application/json", timeout), type);
    }

    <T> T send(String method, String path, Object body, TypeReference<T> type, Duration timeout) {
        byte[] bytes = readAll(sendRaw(method, path, body == null ? null : json(body), "application/json", timeout));
        try {
            return Json.mapper().readValue(bytes, type);
        } catch (IOException e) {
            throw new AnchorException(ErrorCode.INTERNAL, "the coordinator answered with JSON this client cannot read: " + e.getMessage());
        }
    }

    /** Sends a request and answers the body stream of a 2xx response; anything else is thrown. */
    InputStream sendRaw(String method, String path, byte[] body, String contentType, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        String token = bearer.get();
        if (token != null) request.header("Authorization", "Bearer " + token);
        if (body != null) request.header("Content-Type", contentType);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new AnchorException(ErrorCode.UNAVAILABLE, "cannot reach the coordinator at " + base + " (is it running?)");
        } catch (HttpTimeoutException e) {
            throw new AnchorException(ErrorCode.UNAVAILABLE, "the coordinator at " + base + " did not answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new AnchorException(ErrorCode.UNAVAILABLE, "lost the connection to " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnchorException(ErrorCode.UNAVAILABLE, "interrupted while talking to " + base);
        }
        if (response.statusCode() / 100 == 2) return response.body();
        throw error(response.statusCode(), readAll(response.body()));
    }

    private static AnchorException error(int status, byte[] body) {
        try {
            ErrorBody error = Json.mapper().readValue(body, ErrorBody.class);
            if (error.error() != null && error.error().code() != null) {
                Map<String, Object> details = error.error().details() == null ? Map.of() : error.error().details();
                return new AnchorException(ErrorCode.fromWire(error.error().code()), error.error().message(), details);
            }
        } catch (IOException ignored) {
            // Not our error shape (a proxy's page, say); report the status.
        }
        return new AnchorException(status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_REQUEST, "HTTP " + status + " from the coordinator");
    }

    private static <T> T decode(InputStream in, Class<T> type) {
        byte[] bytes = readAll(in);
        if (type == Void.class) return null;
        try {
            return Json.mapper().readValue(bytes, type);
        } catch (IOException e) {
            throw new AnchorException(ErrorCode.INTERNAL, "the coordinator answered with JSON this client cannot read: " + e.getMessage());
        }
    }

    static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AnchorException(ErrorCode.UNAVAILABLE, "lost the connection while reading the answer: " + e.getMessage());
        }
    }

    static byte[] json(Object body) {
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write request as JSON", e);
        }
    }
}
