package dev.anchor.agent.worker;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of warm worker JVMs. A task borrows one, runs in it, and gives it back; a worker
 * that crashed, hung or was killed is replaced in the background. Thread-safe.
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    /** The runtime option that turns sandbox workers on (the agent flag {@code --sandbox-workers} does too). */
    public static final String ENABLED_OPTION = "sandbox.workers";
    /** The runtimes that run guest code inside a JVM and so move into workers. */
    public static final List<String> DEFAULT_RUNTIMES = List.of("wasm", "js", "builtin");
    private static final long BORROW_WITHIN_MS = 120_000;

    private final Settings settings;
    private final List<String> argv;
    private final BlockingQueue<WorkerProcess> idle = new LinkedBlockingQueue<>();
    private final Set<WorkerProcess> all = ConcurrentHashMap.newKeySet();
    private final ExecutorService starter;
    private final AtomicInteger started = new AtomicInteger();
    private final String layer;
    private volatile boolean closed;

    /**
     * How the pool runs.
     *
     * @param workers        how many worker JVMs stay warm
     * @param runtimes       which runtimes the workers load
     * @param runtimeOptions the agent's runtime options, passed on to the runtimes inside
     * @param heapMb         each worker's -Xmx
     * @param bubblewrap     whether to try the bubblewrap layer (it is used only when a probe shows it works)
     * @param java           the java binary to start workers with
     * @param classPath      their class path (must hold this module and the runtimes)
     * @param jvmFlags       extra JVM flags
     */
    public record Settings(int workers, List<String> runtimes, Map<String, String> runtimeOptions, int heapMb, boolean bubblewrap,
                           Path java, String classPath, List<String> jvmFlags) {
        public Settings {
            if (workers < 1) throw new IllegalArgumentException("workers must be at least 1");
            if (heapMb < 64) throw new IllegalArgumentException("sandbox.worker-heap-mb must be at least 64");
            runtimes = List.copyOf(runtimes);
            runtimeOptions = Map.copyOf(runtimeOptions);
            requireNonNull(java, "java is null");
            requireNonNull(classPath, "classPath is null");
            jvmFlags = List.copyOf(jvmFlags);
        }

        /**
         * Settings for workers that run this JVM's binary and class path. Options: {@code sandbox.bwrap}
         * ({@code auto} or {@code off}), {@code sandbox.worker-heap-mb} (default 1024),
         * {@code sandbox.runtimes} (default {@code wasm,js,builtin}).
         */
        public static Settings forThisJvm(int workers, Map<String, String> runtimeOptions) {
            String bwrap = runtimeOptions.getOrDefault("sandbox.bwrap", "auto");
            if (!bwrap.equals("auto") && !bwrap.equals("off")) {
                throw new IllegalArgumentException("sandbox.bwrap must be auto or off, not '" + bwrap + "'");
            }
            int heapMb;
            try {
                heapMb = Integer.parseInt(runtimeOptions.getOrDefault("sandbox.worker-heap-mb", "1024"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("sandbox.worker-heap-mb must be a whole number of MiB");
            }
            List<String> runtimes = runtimeOptions.containsKey("sandbox.runtimes")
                    ? List.of(runtimeOptions.get("sandbox.runtimes").split(",")) : DEFAULT_RUNTIMES;
            return new Settings(workers, runtimes, runtimeOptions, heapMb, bwrap.equals("auto"), WorkerCommand.javaBinary(),
                    WorkerCommand.classPath(), WorkerCommand.inheritedJvmFlags());
        }
    }

    private WorkerPool(Settings settings, List<String> argv, String layer) {
        this.settings = settings;
        this.argv = argv;
        this.layer = layer;
        this.starter = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("worker-starter").daemon().factory());
    }

    /** Probes for bubblewrap once, then starts the workers in the background; returns at once. */
    public static WorkerPool start(Settings settings) {
        List<String> java = WorkerCommand.java(settings.java(), settings.classPath(), settings.heapMb(), settings.jvmFlags());
        List<String> prefix = new ArrayList<>();
        String layer = "none";
        Optional<Path> prlimit = WorkerCommand.executable("prlimit");
        if (settings.bubblewrap()) {
            Optional<Path> bwrap = WorkerCommand.executable("bwrap");
            if (bwrap.isEmpty()) {
                LOG.warn("sandbox workers run WITHOUT their second layer: no bwrap (bubblewrap) on PATH");
            } else {
                List<String> candidate = new ArrayList<>(WorkerCommand.bubblewrap(bwrap.get(), settings.java(), settings.classPath()));
                prlimit.ifPresent(p -> candidate.addAll(WorkerCommand.prlimit(p)));
                Optional<String> refused = WorkerCommand.probe(candidate, settings.java());
                if (refused.isEmpty()) {
                    prefix = candidate;
                    layer = "bubblewrap" + (prlimit.isPresent() ? " + prlimit" : "");
                } else {
                    LOG.warn("sandbox workers run WITHOUT their second layer: bubblewrap does not work here ({})", refused.get());
                }
            }
        } else {
            LOG.warn("sandbox workers run WITHOUT their second layer: sandbox.bwrap=off");
        }
        if (prefix.isEmpty() && prlimit.isPresent()) prefix = new ArrayList<>(WorkerCommand.prlimit(prlimit.get()));
        if (prefix.isEmpty()) layer = "none";
        else if (layer.equals("none")) layer = "prlimit";
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(java);
        WorkerPool pool = new WorkerPool(settings, List.copyOf(argv), layer);
        LOG.info("starting {} sandbox workers for {} (second layer: {})", settings.workers(), settings.runtimes(), layer);
        for (int i = 0; i < settings.workers(); i++) pool.replace();
        return pool;
    }

    /** Whether tasks of this runtime run in the pool's workers. */
    public boolean serves(String runtime) {
        return settings.runtimes().contains(runtime);
    }

    /** What wraps each worker JVM: {@code bubblewrap + prlimit}, {@code prlimit} or {@code none}. */
    public String secondLayer() {
        return layer;
    }

    /** Takes a warm worker, waiting for one to be free or started. */
    WorkerProcess borrow() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BORROW_WITHIN_MS);
        while (true) {
            if (closed) throw new IllegalStateException("the worker pool is closed");
            WorkerProcess worker = idle.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (worker == null) throw new IllegalStateException("no sandbox worker became free within " + BORROW_WITHIN_MS + " ms");
            if (worker.reusable()) return worker;
            // It died while idle (killed from outside, say): replace it and take the next.
            retire(worker);
        }
    }

    /** Gives a worker back after a task; one that is no longer usable is killed and replaced. */
    void release(WorkerProcess worker) {
        if (!closed && worker.reusable()) {
            idle.add(worker);
        } else {
            retire(worker);
        }
    }

    private void retire(WorkerProcess worker) {
        worker.kill();
        all.remove(worker);
        if (!closed) replace();
    }

    private void replace() {
        starter.execute(() -> {
            long backoff = 500;
            while (!closed) {
                try {
                    WorkerProcess worker = WorkerProcess.start("worker-" + started.incrementAndGet(), argv, settings.runtimes(),
                            settings.runtimeOptions());
                    if (!worker.runtimes().containsAll(settings.runtimes())) {
                        LOG.warn("worker {} loaded only {} of {}", worker.name(), worker.runtimes(), settings.runtimes());
                    }
                    all.add(worker);
                    if (closed) {
                        worker.kill();
                    } else {
                        idle.add(worker);
                    }
                    return;
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not start a sandbox worker ({}); retrying in {} ms", e.getMessage(), backoff);
                    try {
                        Thread.sleep(backoff); // Pacing of retries, not synchronisation.
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                    backoff = Math.min(10_000, backoff * 2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Test hook: the workers now alive. */
    List<WorkerProcess> workers() {
        return List.copyOf(all);
    }

    int idleCount() {
        return idle.size();
    }

    @Override
    public void close() {
        closed = true;
        starter.shutdownNow();
        all.forEach(WorkerProcess::kill);
        idle.clear();
    }
}
