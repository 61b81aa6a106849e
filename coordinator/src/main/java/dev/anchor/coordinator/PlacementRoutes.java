package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.AnchorException;
import dev.anchor.store.PlacementExplainer;
import io.javalin.Javalin;
import java.time.Clock;

/** {@code GET /api/v1/jobs/{id}/placement}: why a job's READY tasks still wait (docs/scheduling.md). */
final class PlacementRoutes {
    private final PlacementExplainer explainer;
    private final Authenticator auth;
    private final CoordinatorConfig config;
    private final Clock clock;

    PlacementRoutes(PlacementExplainer explainer, Authenticator auth, CoordinatorConfig config) {
        this.explainer = requireNonNull(explainer, "explainer is null");
        this.auth = requireNonNull(auth, "auth is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = config.clock();
    }

    void register(Javalin app) {
        app.get("/api/v1/jobs/{id}/placement", ctx -> {
            String jobId = ctx.pathParam("id");
            ctx.json(explainer.explain(jobId, auth.user(ctx), clock.millis(), config.lostAfterMs())
                    .orElseThrow(() -> AnchorException.notFound("job " + jobId)));
        });
    }
}
