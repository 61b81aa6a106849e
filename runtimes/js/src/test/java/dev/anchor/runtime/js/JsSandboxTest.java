package dev.anchor.runtime.js;

import static dev.anchor.runtime.js.JsTasks.output;
import static dev.anchor.runtime.js.JsTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.Outcome;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Nothing of the host is reachable, and time and randomness are the task's, not the node's. */
final class JsSandboxTest {

    private static final Runtime RUNTIME = JsTasks.runtime();

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @Test
    void the_global_object_has_nothing_of_the_host() throws Exception {
        var result = run("""
                const g = Function('return this')();
                ['java', 'javet', 'require', 'process', 'module', 'global', 'WebAssembly', 'Temporal',
                 'fetch', 'XMLHttpRequest', 'setTimeout', 'Deno', 'Bun', 'load', 'read', 'print', 'quit']
                  .filter(name => name in g || typeof g[name] !== 'undefined')
                """);

        assertThat(output(result)).isEqualTo("[]");
    }

    @Test
    void constructor_tricks_reach_only_the_sandbox() throws Exception {
        var viaConstructor = run("""
                let found;
                try { found = typeof constructor.constructor('return process')(); }
                catch (e) { found = e.name; }
                found
                """);
        var viaThis = run("[typeof this.process, typeof (0, eval)('this').require, this === globalThis]");

        assertThat(output(viaConstructor)).isIn("undefined", "ReferenceError");
        assertThat(output(viaThis)).isEqualTo("[\"undefined\",\"undefined\",true]");
    }

    @Test
    void stack_trace_hooks_see_no_sandbox_or_host_functions() throws Exception {
        // The hook runs while console formatting (sandbox code) is on the stack. Sandbox frames are
        // strict, so they hide their functions and receivers; host hooks never show as JS frames.
        var result = run("""
                const seen = [];
                Error.prepareStackTrace = (error, frames) => {
                  for (const frame of frames) {
                    const fn = frame.getFunction();
                    seen.push([frame.getFunctionName(), fn === undefined ? '-' : String(fn).includes('[native code]')
                        ? 'native' : 'js', frame.getThis() === undefined ? '-' : 'this']);
                  }
                  return 'hooked';
                };
                const probe = { toJSON() { return new Error('probe').stack; } };
                console.log(probe);
                [seen.map(([name]) => name).includes('format'), seen.filter(([, fn, self]) => fn !== '-' || self !== '-')]
                """);

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(output(result)).isEqualTo("[true,[]]");
    }

    @Test
    void the_host_log_hook_survives_garbage_arguments() throws Exception {
        var result = run("console.log(Symbol('s'), {toJSON() { throw 1; }}, Object.create(null)); 'ok'");

        assertThat(output(result)).isEqualTo("ok");
    }

    @Test
    void same_seed_and_clock_give_the_same_time_and_randomness() throws Exception {
        var script = """
                [Date.now(), new Date().toISOString(), Date(), Math.random(), Math.random(),
                 new Date(2025, 0, 2, 3).getHours(), new Date(0).getTimezoneOffset(), String(new Date(0)),
                 Date.parse('2025-01-01T00:00:00'), typeof WeakRef]
                """;
        var first = RUNTIME.run(task(script).seed(7).build());
        var second = RUNTIME.run(task(script).seed(7).build());
        var otherSeed = RUNTIME.run(task(script).seed(8).build());
        var otherClock = RUNTIME.run(task(script).seed(7).clock(Instant.parse("2030-06-01T00:00:00Z")).build());

        assertThat(first.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(output(first)).isEqualTo(output(second));
        assertThat(output(first)).startsWith("[" + JsTasks.CLOCK.toEpochMilli() + ",\"2025-01-02T03:04:05.123Z\","
                        + "\"Thu Jan 02 2025 03:04:05 GMT+0000 (Coordinated Universal Time)\",0.")
                .endsWith(",3,0,\"Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)\","
                        + Instant.parse("2025-01-01T00:00:00Z").toEpochMilli() + ",\"undefined\"]");
        assertThat(output(otherSeed)).isNotEqualTo(output(first));
        assertThat(output(otherClock)).startsWith("[" + Instant.parse("2030-06-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void random_numbers_are_spread_over_zero_to_one() throws Exception {
        var result = run("""
                const buckets = new Array(10).fill(0);
                for (let i = 0; i < 100000; i++) {
                  const r = Math.random();
                  if (!(r >= 0 && r < 1)) throw new Error('out of range: ' + r);
                  buckets[Math.floor(r * 10)]++;
                }
                buckets.every(n => n > 9000 && n < 11000)
                """);

        assertThat(output(result)).isEqualTo("true");
    }

    @Test
    void date_subclasses_and_explicit_times_still_work() throws Exception {
        var result = run("""
                class Day extends Date { label() { return this.toISOString().slice(0, 10); } }
                [new Day(86400000).label(), new Date('2020-02-29T12:00:00Z').getTime(), new Date(5) instanceof Date,
                 Date.UTC(2000, 0, 1), new Date(NaN).toString()]
                """);

        assertThat(output(result)).isEqualTo("[\"1970-01-02\",1582977600000,true,946684800000,\"Invalid Date\"]");
    }

    private static RunResult run(String script) throws InterruptedException {
        return RUNTIME.run(task(script).build());
    }
}
