package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.AnchorException;
import dev.anchor.api.CreateUserRequest;
import dev.anchor.api.UserView;
import dev.anchor.store.NodeStore;
import dev.anchor.store.Principal;
import dev.anchor.store.UserStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;

/** Who am I, users (admin), nodes, health, the OpenAPI document and the job JSON Schema. */
final class AdminRoutes {
    private final UserStore users;
    private final NodeStore nodes;
    private final Authenticator auth;
    private final JsonBodies bodies;
    private final CoordinatorConfig config;
    private final Clock clock;

    AdminRoutes(UserStore users, NodeStore nodes, Authenticator auth, JsonBodies bodies, CoordinatorConfig config) {
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
            ctx.json(Map.of("items", nodes.list(clock.millis(), 3 * config.heartbeatIntervalMs() + config.leaseTimeoutMs())));
        });
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
