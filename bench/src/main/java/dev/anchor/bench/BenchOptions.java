package dev.anchor.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code bench/run} was asked for. Each option is {@code --name=value} (or {@code --name value})
 * or the environment variable {@code ANCHOR_BENCH_NAME}; the flag wins.
 *
 * @param stores          the stores to run against, in order
 * @param agents          agent processes per cluster
 * @param slots           slots (attempts at once) per agent
 * @param warmupSeconds   how long tasks run (and are discarded) before measuring, at the first concurrency
 * @param latencyTasks    tasks of the sequential latency phase
 * @param throughputTasks tasks of each throughput phase
 * @param concurrencies   client threads of the throughput phases; one phase per value
 * @param work            where clusters keep their data and logs
 */
record BenchOptions(List<Store> stores, int agents, int slots, int warmupSeconds, int latencyTasks, int throughputTasks,
                    List<Integer> concurrencies, Path work) {

    enum Store { SQLITE, POSTGRES }

    static final String USAGE = """
            usage: bench/run [--stores=both|sqlite|postgres] [--agents=2] [--slots=4] [--warmup-seconds=30]
                             [--latency-tasks=1000] [--throughput-tasks=10000] [--concurrency=64[,32,...]]
                             [--work=DIR]
            Each option may also come from the environment as ANCHOR_BENCH_<NAME>, e.g. ANCHOR_BENCH_STORES=sqlite.
            """;

    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("stores", "both");
        d.put("agents", "2");
        d.put("slots", "4");
        d.put("warmup-seconds", "30");
        d.put("latency-tasks", "1000");
        d.put("throughput-tasks", "10000");
        d.put("concurrency", "64");
        d.put("work", System.getProperty("java.io.tmpdir") + "/anchor-bench");
        return d;
    }

    static BenchOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        DEFAULTS.forEach((name, value) -> values.put(name, env.getOrDefault(envName(name), value)));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            if (!DEFAULTS.containsKey(name)) throw new IllegalArgumentException("unknown option --" + name);
            String value;
            if (eq >= 0) value = arg.substring(eq + 1);
            else if (i + 1 < args.length) value = args[++i];
            else throw new IllegalArgumentException("--" + name + " needs a value");
            values.put(name, value);
        }
        return new BenchOptions(stores(values.get("stores")), positive(values, "agents"), positive(values, "slots"),
                atLeast(values, "warmup-seconds", 0), positive(values, "latency-tasks"), positive(values, "throughput-tasks"),
                concurrencies(values.get("concurrency")), Path.of(values.get("work")));
    }

    private static String envName(String option) {
        return "ANCHOR_BENCH_" + option.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static List<Store> stores(String value) {
        if (value.equalsIgnoreCase("both")) return List.of(Store.SQLITE, Store.POSTGRES);
        List<Store> stores = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                stores.add(Store.valueOf(part.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--stores is '" + value + "'; expected both, sqlite, postgres or a comma list");
            }
        }
        return List.copyOf(stores);
    }

    private static List<Integer> concurrencies(String value) {
        List<Integer> list = new ArrayList<>();
        for (String part : value.split(",")) list.add(parsePositive("concurrency", part.trim()));
        return List.copyOf(list);
    }

    private static int positive(Map<String, String> values, String name) {
        return parsePositive(name, values.get(name));
    }

    private static int atLeast(Map<String, String> values, String name, int min) {
        int parsed = parseInt(name, values.get(name));
        if (parsed < min) throw new IllegalArgumentException("--" + name + " must be at least " + min);
        return parsed;
    }

    private static int parsePositive(String name, String value) {
        int parsed = parseInt(name, value);
        if (parsed < 1) throw new IllegalArgumentException("--" + name + " must be at least 1");
        return parsed;
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " is '" + value + "'; expected a whole number");
        }
    }
}
