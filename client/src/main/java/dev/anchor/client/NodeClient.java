package dev.anchor.client;

import dev.anchor.api.BlobView;
import dev.anchor.api.Json;
import dev.anchor.api.agent.HeartbeatRequest;
import dev.anchor.api.agent.HeartbeatResponse;
import dev.anchor.api.agent.LeaseRequest;
import dev.anchor.api.agent.LeaseResponse;
import dev.anchor.api.agent.RegisterRequest;
import dev.anchor.api.agent.RegisterResponse;
import dev.anchor.api.agent.UpdateBatch;
import dev.anchor.api.agent.UpdateResults;
import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The agent protocol's client side. Thread-safe. The session token is set by {@link #register}.
 *
 * <p>Given several coordinator URLs (coordinators that share one PostgreSQL), a call that finds the
 * current coordinator unavailable fails as usual, and the calls after it go to the next URL in turn;
 * the session token is valid on all of them, since they share the store.
 */
public final class NodeClient {
    private static final Duration CALL = Duration.ofSeconds(30);

    private final AtomicReference<String> token = new AtomicReference<>();
    private final List<Transport> transports;
    private final AtomicInteger current = new AtomicInteger();

    public NodeClient(String url) {
        this(List.of(url));
    }

    /** A client for coordinators that share one store; it fails over between them in this order. */
    public NodeClient(List<String> urls) {
        if (urls == null || urls.isEmpty()) throw new IllegalArgumentException("urls must name at least one coordinator");
        this.transports = urls.stream()
                .map(url -> new Transport(URI.create(url.endsWith("/") ? url : url + "/"), token::get))
                .toList();
    }

    /** The URL calls go to now. */
    public String currentUrl() {
        return transports.get(current.get()).base().toString();
    }

    private <T> T call(Function<Transport, T> request) {
        int index = current.get();
        try {
            return request.apply(transports.get(index));
        } catch (AnchorException e) {
            // Only the first caller to see this coordinator fail moves everyone on.
            if (e.code() == ErrorCode.UNAVAILABLE && transports.size() > 1) current.compareAndSet(index, (index + 1) % transports.size());
            throw e;
        }
    }

    public RegisterResponse register(RegisterRequest request) {
        RegisterResponse response = call(t -> t.send("POST", "api/v1/agent/register", request, RegisterResponse.class, CALL));
        token.set(response.nodeToken());
        return response;
    }

    public LeaseResponse lease(int max, long waitMs) {
        return call(t -> t.send("POST", "api/v1/agent/leases", new LeaseRequest(max, waitMs), LeaseResponse.class,
                Duration.ofMillis(waitMs).plus(CALL)));
    }

    public HeartbeatResponse heartbeat(HeartbeatRequest request) {
        return call(t -> t.send("POST", "api/v1/agent/heartbeat", request, HeartbeatResponse.class, CALL));
    }

    public UpdateResults report(UpdateBatch batch) {
        return call(t -> t.send("POST", "api/v1/agent/updates", batch, UpdateResults.class, CALL));
    }

    public BlobView upload(byte[] content) {
        byte[] answer = call(t -> Transport.readAll(t.sendRaw("POST", "api/v1/blobs", content, "application/octet-stream", CALL)));
        try {
            return Json.mapper().readValue(answer, BlobView.class);
        } catch (IOException e) {
            throw new AnchorException(ErrorCode.INTERNAL, "unreadable answer to an upload");
        }
    }

    public byte[] download(String sha256) {
        return call(t -> Transport.readAll(t.sendRaw("GET", "api/v1/blobs/" + sha256, null, null, CALL)));
    }
}
