package dev.anchor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.PlacementView;
import java.util.List;
import org.junit.jupiter.api.Test;

final class PlacementCommandTest {
    @Test
    void a_waiting_task_shows_its_wait_the_nodes_that_could_run_it_and_what_none_meets() {
        PlacementView view = new PlacementView("job_1", List.of(new PlacementView.Task("tsk_1", 12_840, 0,
                List.of("no live node has 1 GPU (the most is 0)", "no live node has label zone=eu-1"),
                "no live node can run it: no live node has 1 GPU (the most is 0); no live node has label zone=eu-1")));

        assertThat(PlacementCommand.render(view).split("\n")).containsExactly(
                "tsk_1  waiting 12.8 s  eligible nodes 0",
                "    no live node can run it: no live node has 1 GPU (the most is 0); no live node has label zone=eu-1",
                "    - no live node has 1 GPU (the most is 0)",
                "    - no live node has label zone=eu-1");
    }

    @Test
    void a_job_with_nothing_waiting_says_so_and_guest_text_is_made_inert() {
        assertThat(PlacementCommand.render(new PlacementView("job_1", List.of()))).isEqualTo("no task of job_1 is waiting to be placed\n");
        String shown = PlacementCommand.render(new PlacementView("job_1", List.of(new PlacementView.Task("tsk_1", 0, 2, List.of(),
                "2 nodes can run it; waiting for a free slot \u001b[31m"))));
        assertThat(shown).doesNotContain("\u001b").contains("eligible nodes 2");
    }
}
