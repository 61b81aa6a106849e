package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.AnchorException;
import dev.anchor.api.CreateUserRequest;
import dev.anchor.api.UserView;
import dev.anchor.store.NodeLifecycle;
import dev.anchor.store.NodeStore;
import dev.anchor.store.Principal;
import dev.anchor.store.UserStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;

/** Who am I, users (admin), nodes, their telemetry history and cordon/drain (admin), health, the OpenAPI document and the job JSON Schema. */
final class AdminRoutes {
    private final UserStore users;
    private final NodeStore nodes;
    private final NodeLifecycle lifecycle;
    private final Signal ready;
    private final Authenticator auth;
    private final JsonBodies bodies;
    private final CoordinatorConfig config;
    private final Clock clock;

    AdminRoutes(UserStore users, NodeStore nodes, NodeLifecycle lifecycle, Signal ready, Authenticator auth, JsonBodies bodies,
                CoordinatorConfig config) {
        this.lifecycle = requireNonNull(lifecycle, "lifecycle is null");
        this.ready = requireNonNull(ready, "ready is null");
        this.users = requireNonNull(users, "users is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.auth = requireNonNull(auth, "auth is null");
        this.bodies = requireNonNull(bodies, "bodies is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = config.clock();
    }

    void register(Javalin app) {
        app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/api/v1/openapi.json", ctx -> resource(ctx, "/anchor/openapi.json"));
        app.get("/api/v1/schemas/job.json", ctx -> resource(ctx, "/anchor/job.schema.json"));
        app.get("/api/v1/me", ctx -> {
            Principal me = auth.user(ctx);
            ctx.json(new UserView(me.userId(), me.name(), me.role(), null));
        });
        app.post("/api/v1/users", this::createUser);
        app.get("/api/v1/nodes", ctx -> {
            auth.user(ctx);
            ctx.json(Map.of("items", nodes.list(clock.millis(), config.lostAfterMs())));
        });
        app.post("/api/v1/nodes/{id}/cordon", ctx -> hold(ctx, NodeLifecycle.Hold.CORDONED));
        app.post("/api/v1/nodes/{id}/drain", ctx -> hold(ctx, NodeLifecycle.Hold.DRAINING));
        app.post("/api/v1/nodes/{id}/uncordon", ctx -> hold(ctx, null));
        app.get("/api/v1/nodes/{id}/telemetry", ctx -> {
            auth.user(ctx);
            String nodeId = ctx.pathParam("id");
            ctx.json(Map.of("items", nodes.telemetryHistory(nodeId).orElseThrow(() -> AnchorException.notFound("node " + nodeId))));
        });
    }

    /** Cordon, drain or uncordon a node (admin); answers the node as {@code GET /api/v1/nodes} shows it. */
    private void hold(Context ctx, NodeLifecycle.Hold hold) {
        auth.admin(ctx);
        String nodeId = ctx.pathParam("id");
        if (!lifecycle.hold(nodeId, hold)) throw AnchorException.notFound("node " + nodeId);
        // An uncordoned node may take work that waited: let a poll look.
        if (hold == null) ready.fire();
        ctx.json(nodes.get(nodeId, clock.millis(), config.lostAfterMs()).orElseThrow(() -> AnchorException.notFound("node " + nodeId)));
    }

    private void createUser(Context ctx) {
        auth.admin(ctx);
        CreateUserRequest request = bodies.read(ctx, CreateUserRequest.class);
        if (request.name() == null || !request.name().matches("[A-Za-z0-9._-]{1,64}")) {
            throw AnchorException.invalidField("name", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        String role = request.role() == null ? "user" : request.role();
        if (!role.equals("user") && !role.equals("admin")) throw AnchorException.invalidField("role", "must be 'user' or 'admin'");
        ctx.status(201).json(users.create(request.name(), role, clock.millis()));
    }

    /** A JSON document built into the coordinator (the OpenAPI document, the job JSON Schema). */
    private static void resource(Context ctx, String name) throws java.io.IOException {
        try (var in = AdminRoutes.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the build");
            ctx.contentType("application/json").result(in.readAllBytes());
        }
    }
}
