package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.anchor.api.AnchorException;
import dev.anchor.api.Json;
import dev.anchor.store.JobStore;
import dev.anchor.store.Ledger;
import dev.anchor.store.Principal;
import dev.anchor.store.TrustStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Join tokens of one's own, the credits ledger, nodes' reputations and a job's receipts (docs/verification.md). */
final class TrustRoutes {
    private final TrustStore trust;
    private final Ledger ledger;
    private final JobStore jobs;
    private final Authenticator auth;
    private final Clock clock;

    TrustRoutes(TrustStore trust, Ledger ledger, JobStore jobs, Authenticator auth, Clock clock) {
        this.trust = requireNonNull(trust, "trust is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.auth = requireNonNull(auth, "auth is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    void register(Javalin app) {
        app.post("/api/v1/join-tokens", this::createJoinToken);
        app.get("/api/v1/credits", this::credits);
        app.get("/api/v1/jobs/{id}/receipts", this::receipts);
        app.get("/api/v1/nodes/reputation", ctx -> {
            auth.user(ctx);
            ctx.json(Map.of("items", List.copyOf(trust.reputations().values())));
        });
    }

    private void createJoinToken(Context ctx) {
        Principal me = auth.user(ctx);
        String token = trust.createJoinToken(me.userId(), clock.millis());
        ctx.status(201).json(Map.of("token", token, "ownerId", me.userId()));
    }

    /** An admin sees every account; a user sees their own and their nodes'. */
    private void credits(Context ctx) {
        Principal me = auth.user(ctx);
        Map<String, Long> all = ledger.balances();
        List<Map<String, Object>> accounts = new ArrayList<>();
        long sum = 0;
        List<String> mine = new ArrayList<>(List.of("user:" + me.userId()));
        for (String node : trust.nodesOf(me.userId())) mine.add("node:" + node);
        for (var entry : all.entrySet()) {
            sum += entry.getValue();
            if (me.isAdmin() || mine.contains(entry.getKey())) {
                accounts.add(Map.of("account", entry.getKey(), "balance", entry.getValue()));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", accounts);
        if (me.isAdmin()) body.put("sum", sum);
        ctx.json(body);
    }

    private void receipts(Context ctx) {
        Principal me = auth.user(ctx);
        String jobId = ctx.pathParam("id");
        jobs.get(jobId, me).orElseThrow(() -> AnchorException.notFound("job " + jobId));
        List<Map<String, Object>> items = new ArrayList<>();
        for (TrustStore.ReceiptRow row : trust.receipts(jobId)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("taskId", row.taskId());
            item.put("attemptId", row.attemptId());
            item.put("nodeId", row.nodeId());
            item.put("state", row.state());
            if (row.verdict() != null) item.put("verdict", row.verdict());
            item.put("receipt", parse(row.receiptJson()));
            items.add(item);
        }
        ctx.json(Map.of("items", items));
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored receipt always parses", e);
        }
    }
}
