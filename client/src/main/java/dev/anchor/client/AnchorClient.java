package dev.anchor.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.anchor.api.AnchorException;
import dev.anchor.api.BlobView;
import dev.anchor.api.CreateUserRequest;
import dev.anchor.api.ErrorCode;
import dev.anchor.api.EventView;
import dev.anchor.api.JobPage;
import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.Json;
import dev.anchor.api.LogLine;
import dev.anchor.api.NodeView;
import dev.anchor.api.ReputationView;
import dev.anchor.api.UserView;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A user's client of the coordinator API. Thread-safe; share one per process. Every method throws
 * {@link AnchorException} on failure, carrying the server's error code and message.
 */
public final class AnchorClient {
    private static final Duration CALL = Duration.ofSeconds(30);

    private final Transport transport;

    public AnchorClient(String url, String apiKey) {
        this.transport = new Transport(URI.create(url.endsWith("/") ? url : url + "/"), () -> apiKey);
    }

    public JobView submit(JobSubmission submission) {
        return transport.send("POST", "api/v1/jobs", submission, JobView.class, CALL);
    }

    /** Submits and waits in one request: the job once it has ended, or as it is after {@code wait} (≤ 60 s). */
    public JobView submitAndAwait(JobSubmission submission, Duration wait) {
        long ms = Math.min(60_000, Math.max(1, wait.toMillis()));
        return transport.send("POST", "api/v1/jobs?waitMs=" + ms, submission, JobView.class, Duration.ofMillis(ms).plus(CALL));
    }

    public JobView get(String jobId) {
        return transport.send("GET", "api/v1/jobs/" + enc(jobId), null, JobView.class, CALL);
    }

    /** The job once it has ended, or as it is after {@code wait} (at most 60 s per call). */
    public JobView await(String jobId, Duration wait) {
        long ms = Math.min(60_000, Math.max(1, wait.toMillis()));
        return transport.send("GET", "api/v1/jobs/" + enc(jobId) + "?waitMs=" + ms, null, JobView.class, Duration.ofMillis(ms).plus(CALL));
    }

    public JobPage list(JobState state, int limit, String cursor) {
        StringBuilder path = new StringBuilder("api/v1/jobs?limit=").append(limit);
        if (state != null) path.append("&state=").append(state.name());
        if (cursor != null) path.append("&cursor=").append(enc(cursor));
        return transport.send("GET", path.toString(), null, JobPage.class, CALL);
    }

    public JobView cancel(String jobId) {
        return transport.send("POST", "api/v1/jobs/" + enc(jobId) + "/cancel", null, JobView.class, CALL);
    }

    public List<LogLine> logs(String jobId, long after) {
        record Page(List<LogLine> items, long next) {}
        return transport.send("GET", "api/v1/jobs/" + enc(jobId) + "/logs?after=" + after, null, Page.class, CALL).items();
    }

    public List<NodeView> nodes() {
        record Page(List<NodeView> items) {}
        return transport.send("GET", "api/v1/nodes", null, Page.class, CALL).items();
    }

    /** Why the job's READY tasks still wait: which requirement no live node meets (docs/scheduling.md). */
    public dev.anchor.api.PlacementView placement(String jobId) {
        return transport.send("GET", "api/v1/jobs/" + enc(jobId) + "/placement", null, dev.anchor.api.PlacementView.class, CALL);
    }

    /**
     * Puts an operator's hold on a node (admin): {@code cordon} (no new leases), {@code drain} (no new
     * leases, DRAINED once idle) or {@code uncordon} (lifts either); answers the node with its new state.
     */
    public NodeView holdNode(String nodeId, String action) {
        if (!java.util.Set.of("cordon", "drain", "uncordon").contains(action)) {
            throw new IllegalArgumentException("action must be cordon, drain or uncordon, not " + action);
        }
        return transport.send("POST", "api/v1/nodes/" + enc(nodeId) + "/" + action, null, NodeView.class, CALL);
    }

    public UserView createUser(String name, String role) {
        return transport.send("POST", "api/v1/users", new CreateUserRequest(name, role), UserView.class, CALL);
    }

    public UserView me() {
        return transport.send("GET", "api/v1/me", null, UserView.class, CALL);
    }

    public BlobView upload(byte[] content) {
        InputStream in = transport.sendRaw("POST", "api/v1/blobs", content, "application/octet-stream", CALL);
        try {
            return Json.mapper().readValue(Transport.readAll(in), BlobView.class);
        } catch (IOException e) {
            throw new AnchorException(ErrorCode.INTERNAL, "unreadable answer to an upload: " + e.getMessage());
        }
    }

    public byte[] download(String sha256) {
        return Transport.readAll(transport.sendRaw("GET", "api/v1/blobs/" + enc(sha256), null, null, CALL));
    }

    /** A job's stream: state events, log lines, then the job's final view. */
    public interface StreamListener {
        default void onEvent(EventView event) {}

        default void onLog(LogLine line) {}

        /** The job ended; the stream is over. */
        default void onEnd(JobView job) {}
    }

    /**
     * Follows a job's Server-Sent Events until it ends, calling the listener on this thread. Answers the
     * final view of the job.
     */
    public JobView follow(String jobId, boolean logs, StreamListener listener) {
        InputStream in = transport.sendRaw("GET", "api/v1/jobs/" + enc(jobId) + "/events?logs=" + logs, null, null, Duration.ofDays(1));
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("event: ")) event = line.substring(7);
                else if (line.startsWith("data: ")) data.append(line, 6, line.length());
                else if (line.isEmpty() && event != null) {
                    switch (event) {
                        case "event" -> listener.onEvent(Json.mapper().readValue(data.toString(), EventView.class));
                        case "log" -> listener.onLog(Json.mapper().readValue(data.toString(), LogLine.class));
                        case "end" -> {
                            JobView job = Json.mapper().readValue(data.toString(), JobView.class);
                            listener.onEnd(job);
                            return job;
                        }
                        default -> { /* an event a newer server added; skip it */ }
                    }
                    event = null;
                    data.setLength(0);
                }
            }
        } catch (IOException e) {
            throw new AnchorException(ErrorCode.UNAVAILABLE, "lost the event stream of job " + jobId + ": " + e.getMessage());
        }
        return get(jobId);
    }

    /** A join token of the caller's own: nodes that join with it belong to the caller (docs/verification.md). */
    public String createJoinToken() {
        record Created(String token, String ownerId) {}
        return transport.send("POST", "api/v1/join-tokens", Map.of(), Created.class, CALL).token();
    }

    /** Every node's reputation (agreement record, trust, exclusion). */
    public List<ReputationView> reputations() {
        record Page(List<ReputationView> items) {}
        return transport.send("GET", "api/v1/nodes/reputation", null, Page.class, CALL).items();
    }

    /** Credit balances the caller may see, by account ({@code user:ID}, {@code node:ID}). */
    public Map<String, Long> credits() {
        record Account(String account, long balance) {}
        record Page(List<Account> items, Long sum) {}
        Map<String, Long> balances = new java.util.LinkedHashMap<>();
        for (Account account : transport.send("GET", "api/v1/credits", null, Page.class, CALL).items()) {
            balances.put(account.account(), account.balance());
        }
        return balances;
    }

    /** Raw JSON access for what has no typed method yet. */
    public Map<String, Object> getJson(String path) {
        return transport.send("GET", path.startsWith("/") ? path.substring(1) : path, null, new TypeReference<Map<String, Object>>() {}, CALL);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
