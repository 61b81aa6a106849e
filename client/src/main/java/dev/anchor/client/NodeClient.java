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
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** The agent protocol's client side. Thread-safe. The session token is set by {@link #register}. */
public final class NodeClient {
    private static final Duration CALL = Duration.ofSeconds(30);

    private final AtomicReference<String> token = new AtomicReference<>();
    private final Transport transport;

    public NodeClient(String url) {
        this.transport = new Transport(URI.create(url.endsWith("/") ? url : url + "/"), token::get);
    }

    public RegisterResponse register(RegisterRequest request) {
        RegisterResponse response = transport.send("POST", "api/v1/agent/register", request, RegisterResponse.class, CALL);
        token.set(response.nodeToken());
        return response;
    }

    public LeaseResponse lease(int max, long waitMs) {
        return transport.send("POST", "api/v1/agent/leases", new LeaseRequest(max, waitMs), LeaseResponse.class,
                Duration.ofMillis(waitMs).plus(CALL));
    }

    public HeartbeatResponse heartbeat(HeartbeatRequest request) {
        return transport.send("POST", "api/v1/agent/heartbeat", request, HeartbeatResponse.class, CALL);
    }

    public UpdateResults report(UpdateBatch batch) {
        return transport.send("POST", "api/v1/agent/updates", batch, UpdateResults.class, CALL);
    }

    public BlobView upload(byte[] content) {
        try {
            return Json.mapper().readValue(Transport.readAll(transport.sendRaw("POST", "api/v1/blobs", content, "application/octet-stream", CALL)),
                    BlobView.class);
        } catch (IOException e) {
            throw new dev.anchor.api.AnchorException(dev.anchor.api.ErrorCode.INTERNAL, "unreadable answer to an upload");
        }
    }

    public byte[] download(String sha256) {
        return Transport.readAll(transport.sendRaw("GET", "api/v1/blobs/" + sha256, null, null, CALL));
    }
}
