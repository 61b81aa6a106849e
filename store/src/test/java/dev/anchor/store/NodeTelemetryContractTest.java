package dev.anchor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.NodeView;
import dev.anchor.api.TelemetrySample;
import dev.anchor.api.agent.GpuInfo;
import dev.anchor.api.agent.Telemetry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node registration details, latest telemetry and its bounded history, per dialect. */
abstract class NodeTelemetryContractTest {
    private static final long LOST_AFTER = 60_000;
    private static final GpuInfo H100 = new GpuInfo(0, "GPU-1f2e", "NVIDIA H100 80GB HBM3", 81_559L, 1_024L, 37, 41, 118.5, 700.0);
    private static final GpuInfo NO_FIGURES = new GpuInfo(1, "GPU-77aa", "Tesla K80", 11_441L, null, null, null, null, null);

    @TempDir
    Path blobDirectory;
    private Database database;
    private NodeStore nodes;
    private LeaseStore leases;
    private long now = 1_700_000_000_000L;

    protected abstract Database openDatabase();

    @BeforeEach
    void setUp() {
        database = openDatabase();
        nodes = new NodeStore(database);
        leases = new LeaseStore(database, new WorkflowStore(database, new FileBlobStore(blobDirectory)));
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private void register(String node, Integer gpus, Map<String, String> labels) {
        nodes.register(new NodeStore.Registration(node, "key-" + node, node, List.of("wasm"), 8, 32_000, 4, gpus, labels),
                Hashes.sha256Hex("token-" + node), now, leases);
    }

    private NodeView view(String node) {
        return nodes.get(node, now, LOST_AFTER).orElseThrow();
    }

    private static Telemetry telemetry(double load, List<GpuInfo> gpus) {
        return new Telemetry(load, 12_000, 1, 3, 8, 32_000L, 500_000L, 123_456L, gpus);
    }

    @Test
    void registration_keeps_gpu_count_and_labels() {
        register("node-a", 2, Map.of("zone", "eu-1", "tier", "gpu"));

        NodeView node = view("node-a");
        assertThat(node.gpuCount()).isEqualTo(2);
        assertThat(node.labels()).containsExactly(Map.entry("tier", "gpu"), Map.entry("zone", "eu-1"));
        assertThat(node.gpus()).isEmpty();
        assertThat(node.memoryTotalMb()).isNull();
    }

    @Test
    void registering_again_replaces_labels_and_gpu_count() {
        register("node-a", 2, Map.of("zone", "eu-1"));
        register("node-a", null, null);

        NodeView node = view("node-a");
        assertThat(node.gpuCount()).isZero();
        assertThat(node.labels()).isEmpty();
    }

    @Test
    void latest_telemetry_shows_on_the_node_with_its_gpus_and_missing_figures_stay_null() {
        register("node-a", 2, null);
        now += 5_000;
        nodes.recordTelemetry("node-a", telemetry(1.5, List.of(H100, NO_FIGURES)), now);

        NodeView node = nodes.list(now, LOST_AFTER).getFirst();
        assertThat(node.load()).isEqualTo(1.5);
        assertThat(node.memoryTotalMb()).isEqualTo(32_000L);
        assertThat(node.diskTotalMb()).isEqualTo(500_000L);
        assertThat(node.diskFreeMb()).isEqualTo(123_456L);
        assertThat(node.gpuCount()).isEqualTo(2);
        assertThat(node.gpus()).containsExactly(H100, NO_FIGURES);
        assertThat(node.lastHeartbeat()).isEqualTo(now);
    }

    @Test
    void telemetry_from_an_older_agent_clears_the_newer_figures() {
        register("node-a", null, null);
        nodes.recordTelemetry("node-a", telemetry(0.5, List.of(H100)), now + 1);
        nodes.recordTelemetry("node-a", new Telemetry(0.25, 900, 0, 4), now + 2);

        NodeView node = view("node-a");
        assertThat(node.load()).isEqualTo(0.25);
        assertThat(node.freeMemoryMb()).isEqualTo(900);
        assertThat(node.memoryTotalMb()).isNull();
        assertThat(node.diskFreeMb()).isNull();
        assertThat(node.gpuCount()).isZero();
        assertThat(node.gpus()).isEmpty();
    }

    @Test
    void history_keeps_the_newest_samples_of_each_node_only() {
        register("node-a", null, null);
        register("node-b", null, null);
        int extra = 5;
        for (int i = 0; i < NodeStore.HISTORY_SAMPLES + extra; i++) {
            nodes.recordTelemetry("node-a", telemetry(i, i % 2 == 0 ? List.of(H100) : List.of()), now + i);
        }
        nodes.recordTelemetry("node-b", telemetry(42, List.of()), now);

        List<TelemetrySample> history = nodes.telemetryHistory("node-a").orElseThrow();
        assertThat(history).hasSize(NodeStore.HISTORY_SAMPLES);
        assertThat(history.getFirst().at()).isEqualTo(now + extra);
        assertThat(history.getFirst().load()).isEqualTo(extra);
        assertThat(history.getFirst().gpus()).isEmpty();
        assertThat(history.get(1).gpus()).containsExactly(H100);
        assertThat(history.getLast().at()).isEqualTo(now + NodeStore.HISTORY_SAMPLES + extra - 1);
        assertThat(history.getLast().diskFreeMb()).isEqualTo(123_456L);
        assertThat(nodes.telemetryHistory("node-b").orElseThrow()).extracting(TelemetrySample::load).containsExactly(42.0);
    }

    @Test
    void spaced_history_takes_a_sample_per_interval_but_every_heartbeat_updates_the_node_and_extends_its_leases() {
        NodeStore spaced = new NodeStore(database, 10_000);
        register("node-a", null, null);
        for (int i = 0; i <= 25; i++) {
            spaced.heartbeat("node-a", telemetry(i, List.of()), List.of(), leases, 30_000, now + i * 1_000L);
        }

        assertThat(spaced.telemetryHistory("node-a").orElseThrow()).extracting(TelemetrySample::at)
                .containsExactly(now, now + 10_000, now + 20_000);
        assertThat(view("node-a").load()).isEqualTo(25.0);
        assertThat(view("node-a").lastHeartbeat()).isEqualTo(now + 25_000);
        LeaseStore.Extension quiet = spaced.heartbeat("node-a", null, List.of("att_gone"), leases, 30_000, now + 26_000);
        assertThat(quiet.stop()).containsExactly("att_gone");
        assertThat(quiet.expiresAt()).isEqualTo(now + 56_000);
        assertThat(view("node-a").lastHeartbeat()).isEqualTo(now + 26_000);
        assertThat(spaced.telemetryHistory("node-a").orElseThrow()).hasSize(3);
    }

    @Test
    void history_of_an_unknown_node_is_absent_and_of_a_quiet_node_empty() {
        register("node-a", null, null);

        assertThat(nodes.telemetryHistory("node-a")).contains(List.of());
        assertThat(nodes.telemetryHistory("no-such-node")).isEmpty();
        nodes.recordTelemetry("no-such-node", telemetry(1, List.of()), now);
        assertThat(nodes.telemetryHistory("no-such-node")).isEmpty();
    }
}
