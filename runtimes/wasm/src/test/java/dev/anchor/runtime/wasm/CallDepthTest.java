package dev.anchor.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Only functions that can recurse count against the depth bound, and the bound still holds. */
final class CallDepthTest {

    private static final int MAX = FuelInstrumenter.MAX_CALL_DEPTH;

    @Test
    void chain_without_recursion_counts_nothing_and_lowers_the_bound_by_its_length() {
        // One import, then 0 -> 1 -> 2.
        var depth = CallDepth.of(1, new int[][] {{2}, {3, 0}, {}}, new boolean[3], new boolean[3]);

        assertThat(depth.counted()).containsExactly(false, false, false);
        assertThat(depth.initialDepth()).isEqualTo(MAX - 3 - 1); // the chain, and the grow function
    }

    @Test
    void self_and_mutual_recursion_count() {
        // 0 calls itself; 1 and 2 call each other; 3 calls 0 and 1 and is on no cycle.
        var depth = CallDepth.of(0, new int[][] {{0}, {2}, {1}, {0, 1}}, new boolean[4], new boolean[4]);

        assertThat(depth.counted()).containsExactly(true, true, true, false);
        assertThat(depth.initialDepth()).isEqualTo(MAX - 1 - 1);
    }

    @Test
    void indirect_call_may_reach_every_address_taken_function() {
        // 0 calls indirectly; 1 is in a table and calls 0, so 0 -> 1 -> 0 is a cycle; 2 is not in one.
        var depth = CallDepth.of(0, new int[][] {{}, {0}, {}}, new boolean[] {true, false, false},
                new boolean[] {false, true, false});

        assertThat(depth.counted()).containsExactly(true, true, false);
    }

    @Test
    void very_long_chain_makes_every_function_count() {
        int n = CallDepth.MAX_UNCOUNTED_CHAIN + 10;
        var callees = new int[n][];
        for (int f = 0; f < n; f++) callees[f] = f + 1 < n ? new int[] {f + 1} : new int[0];

        var depth = CallDepth.of(0, callees, new boolean[n], new boolean[n]);

        assertThat(depth.counted()).containsOnly(true);
        assertThat(depth.initialDepth()).isEqualTo(MAX - 1);
    }
}
