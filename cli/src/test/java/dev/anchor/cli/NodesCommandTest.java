package dev.anchor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.api.NodeView;
import dev.anchor.api.agent.GpuInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class NodesCommandTest {
    private static NodeView node(Long memoryTotalMb, Long diskFreeMb, List<GpuInfo> gpus, Map<String, String> labels) {
        return new NodeView("0123456789abcdef0123", "gpu-1", "READY", List.of("wasm", "builtin"), 16, 65_536, 8, 2, 1.5, 40_960, 1, 2,
                memoryTotalMb, diskFreeMb, 512_000L, gpus.size(), gpus, labels);
    }

    @Test
    void a_row_shows_memory_disk_gpus_and_labels() {
        String row = NodesCommand.row(node(65_536L, 102_400L, List.of(
                new GpuInfo(0, "GPU-a", "NVIDIA H100 80GB HBM3", 81_559L, 1_024L, 37, 41, 118.52, 700.0),
                new GpuInfo(1, "GPU-b", "Tesla K80", 11_441L, null, null, null, null, 149.0)), Map.of("zone", "eu-1", "tier", "gpu")));

        String[] lines = row.split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).contains("gpu-1", "READY", "wasm,builtin", "1.50", "40.0/64.0 GiB", "100.0 GiB").endsWith(" 2");
        assertThat(lines[1]).isEqualTo("    gpu 0  NVIDIA H100 80GB HBM3  1.0/79.6 GiB  37 %  41 C  119/700 W");
        assertThat(lines[2]).isEqualTo("    gpu 1  Tesla K80  -/11.2 GiB  - %  - C  -/149 W");
        assertThat(lines[3]).isEqualTo("    labels: tier=gpu, zone=eu-1");
    }

    @Test
    void an_older_agent_without_the_new_figures_shows_dashes() {
        String row = NodesCommand.row(node(null, null, List.of(), Map.of()));

        assertThat(row.split("\n")).singleElement().asString().contains("40.0/64.0 GiB", " - ").endsWith(" 0");
    }

    @Test
    void a_node_is_named_by_its_id_a_unique_start_of_it_or_its_name() {
        List<NodeView> nodes = List.of(named("aaaa1111", "left"), named("aaaa2222", "right"), named("bbbb3333", "aaaa1111x"));

        assertThat(NodesCommand.resolve(nodes, "aaaa1111")).isEqualTo("aaaa1111");
        assertThat(NodesCommand.resolve(nodes, "aaaa2")).isEqualTo("aaaa2222");
        assertThat(NodesCommand.resolve(nodes, "right")).isEqualTo("aaaa2222");
        assertThat(NodesCommand.resolve(nodes, "aaaa1111x")).as("a name before an id prefix").isEqualTo("bbbb3333");
        assertThatThrownBy(() -> NodesCommand.resolve(nodes, "aaaa")).isInstanceOf(CliException.class)
                .hasMessageContaining("names 2 nodes");
        assertThatThrownBy(() -> NodesCommand.resolve(nodes, "zz")).isInstanceOf(CliException.class)
                .hasMessageStartingWith("no node zz");
    }

    @Test
    void a_draining_node_shows_its_state_in_full() {
        NodeView draining = new NodeView("0123456789abcdef0123", "n", "DRAINING", List.of("wasm"), 4, 8_192, 4, 1, 0.5, 4_096, 1, 2,
                null, null, null, 0, List.of(), Map.of());

        assertThat(NodesCommand.row(draining)).contains(" DRAINING ");
    }

    private static NodeView named(String id, String name) {
        return new NodeView(id, name, "READY", List.of("wasm"), 4, 8_192, 4, 0, 0, 4_096, 1, 2, null, null, null, 0, List.of(), Map.of());
    }

    @Test
    void the_trust_line_shows_the_record_and_the_verdict() {
        assertThat(NodesCommand.trust(new dev.anchor.api.ReputationView("n1", "usr_bob", 50, 0, 50, 0, 50, 50, 1.0, 0.98, true, false)))
                .isEqualTo("trust: score 0.98, 50 agreed, 0 disagreed, 0 receipts rejected, 100 % succeeded, trusted, owner usr_bob");
        assertThat(NodesCommand.trust(new dev.anchor.api.ReputationView("n2", null, 1, 3, 0, 2, 4, 6, 0.67, 0.03, false, true)))
                .isEqualTo("trust: score 0.03, 1 agreed, 3 disagreed, 2 receipts rejected, 67 % succeeded, EXCLUDED");
    }

    @Test
    void a_bad_label_is_refused_naming_the_flag() {
        assertThatThrownBy(() -> AgentCommand.checkLabels(Map.of("has space", "x")))
                .isInstanceOf(CliException.class).hasMessageStartingWith("--label: key 'has space'");
        assertThatThrownBy(() -> AgentCommand.checkLabels(Map.of("k", "v".repeat(300))))
                .isInstanceOf(CliException.class).hasMessageContaining("longer than 256");
        AgentCommand.checkLabels(Map.of("zone", "eu-1", "example.com/tier", "gpu"));
    }
}
