package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.CliConfig;
import dev.anchor.api.Json;
import dev.anchor.store.BlobStore;
import dev.anchor.store.CoordinatorLease;
import dev.anchor.store.Database;
import dev.anchor.store.FileBlobStore;
import dev.anchor.store.Ids;
import dev.anchor.store.JobStore;
import dev.anchor.store.LeaseStore;
import dev.anchor.store.Ledger;
import dev.anchor.store.NodeLifecycle;
import dev.anchor.store.NewJob;
import dev.anchor.store.NodeStore;
import dev.anchor.store.PlacementExplainer;
import dev.anchor.store.SettingsStore;
import dev.anchor.store.TrustPolicy;
import dev.anchor.store.TrustStore;
import dev.anchor.store.UserStore;
import dev.anchor.store.WorkflowStore;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coordinator process: opens the store, makes the first admin and the join token on first start,
 * serves the API and sweeps expired leases. Reading this class tells the whole server's wiring.
 */
public final class Coordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    /** The listen backlog asked of the kernel (capped by {@code net.core.somaxconn}): room for a fleet that connects at once. */
    static final int ACCEPT_QUEUE = 4096;

    private final CoordinatorConfig config;
    private final Database database;
    private final Javalin app;
    private final LeaseSweeper sweeper;
    private final ReadyNotifier notifier;
    private final Dispatcher dispatcher;
    private final GroupCommit<?, ?> reportCommits;
    private final GroupCommit<?, ?> submitCommits;
    private final GroupCommit<?, ?> heartbeatCommits;
    private final JoinToken joinToken;
    private final Optional<String> firstAdminKey;

    private Coordinator(CoordinatorConfig config, Database database, Javalin app, LeaseSweeper sweeper, ReadyNotifier notifier,
                        Dispatcher dispatcher, GroupCommit<?, ?> reportCommits, GroupCommit<?, ?> submitCommits,
                        GroupCommit<?, ?> heartbeatCommits, JoinToken joinToken, Optional<String> firstAdminKey) {
        this.heartbeatCommits = heartbeatCommits;
        this.dispatcher = dispatcher;
        this.reportCommits = reportCommits;
        this.submitCommits = submitCommits;
        this.config = config;
        this.database = database;
        this.app = app;
        this.sweeper = sweeper;
        this.notifier = notifier;
        this.joinToken = joinToken;
        this.firstAdminKey = firstAdminKey;
    }

    /** Starts a coordinator; it serves until {@link #close()}. */
    public static Coordinator start(CoordinatorConfig config) {
        requireNonNull(config, "config is null");
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDirectory(), e);
        }
        Database database = config.databaseUrl() == null
                ? Database.sqlite(config.dataDirectory().resolve("anchor.db"), config.fullSync())
                : Database.open(config.databaseUrl(), config.fullSync());
        try {
            return assemble(config, database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static Coordinator assemble(CoordinatorConfig config, Database database) {
        var clock = config.clock();
        UserStore users = new UserStore(database);
        NodeStore nodes = new NodeStore(database, NodeStore.DEFAULT_HISTORY_EVERY_MS);
        JobStore jobs = new JobStore(database);
        BlobStore blobs = new FileBlobStore(config.blobs());
        WorkflowStore workflows = new WorkflowStore(database, blobs);
        LeaseStore leases = new LeaseStore(database, workflows, TrustPolicy.DEFAULT, blobs);
        TrustStore trust = new TrustStore(database, leases.trustPolicy());
        JoinToken joinToken = JoinToken.load(new SettingsStore(database), config.dataDirectory());
        Optional<String> adminKey = users.bootstrapAdmin(clock.millis()).map(dev.anchor.api.UserView::apiKey);
        // Nodes that lost us while we were down get one lease period to come back before expiry.
        leases.graceAll(clock.millis() + config.leaseTimeoutMs());

        Signal ready = new Signal();
        JobSignals jobSignals = new JobSignals();
        // Several coordinators may share one PostgreSQL: each has an id, wakes the others' pollers, and
        // sweeps only while it holds the sweeper lease.
        String replicaId = Ids.next("crd_", clock.millis());
        ReadyNotifier notifier = ReadyNotifier.start(database, replicaId, ready, jobSignals);
        Authenticator auth = new Authenticator(users, nodes);
        JsonBodies bodies = new JsonBodies(config.maxRequestBytes());
        Javalin app = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.useVirtualThreads = true;
            javalin.http.maxRequestSize = config.maxRequestBytes();
            javalin.http.prefer405over404 = true;
            javalin.jsonMapper(new JavalinJackson(Json.mapper(), true));
            // Jetty's default listen backlog is the JDK's 50: a thousand agents reconnecting at once overflow it, and the
            // kernel then drops connections the client already thinks open (it reads no bytes). Ask for ACCEPT_QUEUE.
            javalin.jetty.addConnector((server, http) -> {
                org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server,
                        new org.eclipse.jetty.server.HttpConnectionFactory(http));
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.setAcceptQueueSize(ACCEPT_QUEUE);
                return connector;
            });
        });
        ApiErrors.install(app);
        GroupCommit<NewJob, Boolean> submitCommits = new GroupCommit<>("submissions", 64, group -> {
            jobs.submitAll(group, clock.millis());
            return java.util.Collections.nCopies(group.size(), true);
        }, one -> {
            jobs.submit(one, clock.millis());
            return true;
        });
        new JobRoutes(jobs, workflows, new SubmissionValidator(blobs), auth, bodies, ready, jobSignals, clock, submitCommits).register(app);
        new BlobRoutes(blobs, auth, config.maxBlobBytes()).register(app);
        NodeLifecycle lifecycle = new NodeLifecycle(database);
        Dispatcher dispatcher = new Dispatcher(leases, config.leaseTimeoutMs(), clock, () -> leases.anyReady(clock.millis()), 1_000);
        ready.onFire(dispatcher::signal);
        GroupCommit<LeaseStore.NodeReports, LeaseStore.ReportOutcome> reportCommits = new GroupCommit<>("reports", 64,
                group -> leases.reportAll(group, clock.millis()), one -> leases.report(one.nodeId(), one.reports(), clock.millis()));
        GroupCommit<NodeStore.Heartbeat, LeaseStore.Extension> heartbeatCommits = new GroupCommit<>("heartbeats", 256,
                group -> nodes.heartbeatAll(group, leases, config.leaseTimeoutMs(), clock.millis()),
                one -> nodes.heartbeat(one.nodeId(), one.telemetry(), one.reported(), leases, config.leaseTimeoutMs(), clock.millis()));
        new AgentRoutes(nodes, leases, blobs, auth, bodies, ready, jobSignals, joinToken, trust, config, dispatcher, reportCommits,
                heartbeatCommits)
                .register(app);
        new PlacementRoutes(new PlacementExplainer(database), auth, config).register(app);
        new TrustRoutes(trust, new Ledger(database), jobs, auth, clock).register(app);
        new AdminRoutes(users, nodes, lifecycle, ready, auth, bodies, config).register(app);
        new VerifyRoutes(nodes, blobs, auth, bodies).register(app);
        LeaseSweeper sweeper = new LeaseSweeper(leases, workflows, ready, jobSignals, clock,
                new CoordinatorLease(database, CoordinatorLease.SWEEPER, replicaId), config.leaseTimeoutMs(), lifecycle, config.lostAfterMs());
        app.start(config.host(), config.port());
        sweeper.start(Math.max(50, config.leaseTimeoutMs() / 4));
        Coordinator coordinator = new Coordinator(config, database, app, sweeper, notifier, dispatcher, reportCommits, submitCommits,
                heartbeatCommits, joinToken,
                adminKey);
        coordinator.writeCliConfig();
        LOG.info("coordinator listening on {} ({} store)", coordinator.url(), database.dialect());
        return coordinator;
    }

    /**
     * At first start, the new admin key goes to {@code admin-key} in the data directory (mode 0600) and
     * to the CLI config; later starts keep the config's URL current.
     */
    private void writeCliConfig() {
        try {
            if (firstAdminKey.isPresent()) Secrets.writePrivate(config.dataDirectory().resolve("admin-key"), firstAdminKey.get());
            if (config.cliConfig() == null) return;
            if (firstAdminKey.isPresent()) {
                new CliConfig(url(), firstAdminKey.get()).write(config.cliConfig());
            } else {
                Optional<CliConfig> existing = CliConfig.read(config.cliConfig());
                if (existing.isPresent() && existing.get().apiKey() != null
                        && new UserStore(database).authenticate(existing.get().apiKey()).isPresent()) {
                    new CliConfig(url(), existing.get().apiKey()).write(config.cliConfig());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the CLI config {}: {}", config.cliConfig(), e.getMessage());
        }
    }

    public int port() {
        return app.port();
    }

    public String url() {
        return "http://" + config.host() + ":" + port();
    }

    /** The join token, when this data directory holds it (it always does for the coordinator that made it). */
    public Optional<String> joinToken() {
        return Optional.ofNullable(joinToken.plain());
    }

    /** The admin key made at this start, if this was the first start. */
    public Optional<String> firstAdminKey() {
        return firstAdminKey;
    }

    @Override
    public void close() {
        sweeper.close();
        dispatcher.close();
        app.stop();
        reportCommits.close();
        submitCommits.close();
        heartbeatCommits.close();
        notifier.close();
        database.close();
    }
}
