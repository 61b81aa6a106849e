package dev.anchor.bench.fleet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code bench/run-fleet} was asked for: {@code --name=value} (or {@code --name value}) or
 * {@code ANCHOR_FLEET_NAME} in the environment; the flag wins.
 *
 * @param sizes          fleet sizes (nodes), one run each
 * @param coordinators   coordinator counts to run each size with (1, 2), all on one PostgreSQL schema
 * @param slots          leases each simulated node takes at once
 * @param concurrency    client threads, each submitting a task and waiting until it starts, in a loop
 * @param warmupSeconds  load before measuring, discarded
 * @param seconds        how long each measurement runs
 * @param backlogRuns    how many times the backlog is queued and drained (the median is reported)
 * @param work           where the coordinators keep their data and logs
 */
record FleetOptions(List<Integer> sizes, List<Integer> coordinators, int slots, int concurrency, int warmupSeconds, int seconds,
                    int backlogRuns, Path work) {

    static final String USAGE = """
            usage: bench/run-fleet [--sizes=10,100,1000] [--coordinators=1,2] [--slots=4] [--concurrency=64]
                                   [--warmup-seconds=15] [--seconds=20] [--backlog-runs=3] [--work=DIR]
            Each option may also come from the environment as ANCHOR_FLEET_<NAME>, e.g. ANCHOR_FLEET_SIZES=1000.
            """;

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>(Map.of(
            "sizes", "10,100,1000", "coordinators", "1,2", "slots", "4", "concurrency", "64", "warmup-seconds", "15", "seconds", "20", "backlog-runs", "3",
            "work", System.getProperty("java.io.tmpdir") + "/anchor-fleet"));

    static FleetOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        DEFAULTS.forEach((name, value) -> values.put(name, env.getOrDefault("ANCHOR_FLEET_" + name.toUpperCase(Locale.ROOT).replace('-', '_'),
                value)));
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
        List<Integer> coordinators = list(values, "coordinators");
        if (coordinators.stream().anyMatch(c -> c > 2)) throw new IllegalArgumentException("--coordinators: 1 or 2 (a comma list)");
        return new FleetOptions(list(values, "sizes"), coordinators, positive(values, "slots"), positive(values, "concurrency"),
                number(values, "warmup-seconds", 0), positive(values, "seconds"), positive(values, "backlog-runs"), Path.of(values.get("work")));
    }

    private static List<Integer> list(Map<String, String> values, String name) {
        List<Integer> list = new ArrayList<>();
        for (String part : values.get(name).split(",")) list.add(number(name, part.trim(), 1));
        return List.copyOf(list);
    }

    private static int positive(Map<String, String> values, String name) {
        return number(values, name, 1);
    }

    private static int number(Map<String, String> values, String name, int min) {
        return number(name, values.get(name), min);
    }

    private static int number(String name, String value, int min) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min) throw new IllegalArgumentException("--" + name + " must be at least " + min);
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " is '" + value + "'; expected a whole number");
        }
    }
}
