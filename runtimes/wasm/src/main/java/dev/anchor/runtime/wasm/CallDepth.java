package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * Decides which functions count against the call depth bound, for {@link FuelInstrumenter}.
 *
 * <p>Only recursion can make a call stack arbitrarily deep. A function that is on no cycle of the
 * call graph (an indirect call may reach any function the module puts in a table, exports or
 * refers to in a global) appears at most once in any call stack, and the functions of such a stack
 * that are on no cycle lie on one path of the graph's acyclic condensation. So if the longest such
 * path has {@code h} functions, counting only the recursive functions from
 * {@code MAX_CALL_DEPTH - h} still bounds every stack at {@code MAX_CALL_DEPTH} frames, and the
 * functions that cannot recurse, usually most of them and all the small helpers, skip the depth
 * bookkeeping. When {@code h} is large (a long chain of distinct functions), every function counts
 * as before.
 *
 * @param counted       per defined function, whether it takes part in the depth count
 * @param initialDepth  the value the depth global starts at
 */
record CallDepth(boolean[] counted, int initialDepth) {

    CallDepth {
        requireNonNull(counted, "counted is null");
    }

    /** A chain of uncounted functions longer than this, and every function counts. */
    static final int MAX_UNCOUNTED_CHAIN = FuelInstrumenter.MAX_CALL_DEPTH / 4;

    /**
     * @param importedFunctions how many functions are imported (their indices come first)
     * @param callees           per defined function, the functions it calls directly (any index)
     * @param indirect          per defined function, whether it makes indirect calls
     * @param addressTaken      per defined function, whether an indirect call may reach it
     */
    static CallDepth of(int importedFunctions, int[][] callees, boolean[] indirect, boolean[] addressTaken) {
        int n = callees.length;
        int[] taken = new int[n];
        int takenCount = 0;
        for (int f = 0; f < n; f++) {
            if (addressTaken[f]) taken[takenCount++] = f;
        }
        int[][] edges = new int[n][];
        for (int f = 0; f < n; f++) {
            int[] direct = callees[f];
            int[] out = new int[direct.length + (indirect[f] ? takenCount : 0)];
            int count = 0;
            for (int callee : direct) {
                if (callee >= importedFunctions && callee - importedFunctions < n) out[count++] = callee - importedFunctions;
            }
            if (indirect[f]) {
                System.arraycopy(taken, 0, out, count, takenCount);
                count += takenCount;
            }
            edges[f] = Arrays.copyOf(out, count);
        }
        var components = new Tarjan(edges).run();
        int[] component = components.component();
        int componentCount = components.count();
        int[] size = new int[componentCount];
        boolean[] selfLoop = new boolean[componentCount];
        for (int f = 0; f < n; f++) {
            size[component[f]]++;
            for (int g : edges[f]) {
                if (g == f) selfLoop[component[f]] = true;
            }
        }
        // Components come out of Tarjan's algorithm callees first, so one pass in that order sees
        // every callee's longest chain before its callers'.
        int[] chain = new int[componentCount];
        int[][] members = new int[componentCount][];
        int[] fill = new int[componentCount];
        for (int c = 0; c < componentCount; c++) members[c] = new int[size[c]];
        for (int f = 0; f < n; f++) members[component[f]][fill[component[f]]++] = f;
        int longest = 0;
        for (int c = 0; c < componentCount; c++) {
            int below = 0;
            for (int f : members[c]) {
                for (int g : edges[f]) {
                    if (component[g] != c) below = Math.max(below, chain[component[g]]);
                }
            }
            boolean recursive = size[c] > 1 || selfLoop[c];
            chain[c] = below + (recursive ? 0 : 1);
            longest = Math.max(longest, chain[c]);
        }
        // The grow function every memory.grow calls is one more frame that never counts.
        int uncounted = longest + 1;
        boolean[] counted = new boolean[n];
        if (uncounted > MAX_UNCOUNTED_CHAIN) {
            Arrays.fill(counted, true);
            return new CallDepth(counted, FuelInstrumenter.MAX_CALL_DEPTH - 1);
        }
        for (int f = 0; f < n; f++) {
            int c = component[f];
            counted[f] = size[c] > 1 || selfLoop[c];
        }
        return new CallDepth(counted, FuelInstrumenter.MAX_CALL_DEPTH - uncounted);
    }

    /** Strongly connected components, without recursion (modules can have many thousand functions). */
    private static final class Tarjan {
        private final int[][] edges;
        private final int[] index;
        private final int[] low;
        private final boolean[] onStack;
        private final int[] stack;
        private final int[] component;
        private int stackSize;
        private int nextIndex;
        private int count;

        Tarjan(int[][] edges) {
            this.edges = edges;
            int n = edges.length;
            index = new int[n];
            Arrays.fill(index, -1);
            low = new int[n];
            onStack = new boolean[n];
            stack = new int[n];
            component = new int[n];
        }

        record Result(int[] component, int count) {}

        Result run() {
            int n = edges.length;
            int[] callStack = new int[n];
            int[] nextEdge = new int[n];
            for (int root = 0; root < n; root++) {
                if (index[root] >= 0) continue;
                int depth = 0;
                callStack[depth++] = root;
                visit(root);
                while (depth > 0) {
                    int v = callStack[depth - 1];
                    if (nextEdge[v] < edges[v].length) {
                        int w = edges[v][nextEdge[v]++];
                        if (index[w] < 0) {
                            visit(w);
                            callStack[depth++] = w;
                        } else if (onStack[w]) {
                            low[v] = Math.min(low[v], index[w]);
                        }
                        continue;
                    }
                    depth--;
                    if (depth > 0) {
                        int parent = callStack[depth - 1];
                        low[parent] = Math.min(low[parent], low[v]);
                    }
                    if (low[v] == index[v]) {
                        int w;
                        do {
                            w = stack[--stackSize];
                            onStack[w] = false;
                            component[w] = count;
                        } while (w != v);
                        count++;
                    }
                }
            }
            return new Result(component, count);
        }

        private void visit(int v) {
            index[v] = nextIndex;
            low[v] = nextIndex;
            nextIndex++;
            stack[stackSize++] = v;
            onStack[v] = true;
        }
    }
}
