package dev.anchor.runtime.js;

import static dev.anchor.runtime.js.JsTasks.output;
import static dev.anchor.runtime.js.JsTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.LogSink.Stream;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TestingLogSink;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What a script sees and how what it returns, logs and throws becomes the task's result. */
final class JsRuntimeTest {

    private static final Runtime RUNTIME = JsTasks.runtime();

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @Test
    void script_reads_input_and_env_and_declares_its_output() throws Exception {
        var result = RUNTIME.run(task("""
                const n = JSON.parse(input).n;
                output(`${env.GREETING}, ${n * n} (${inputBytes.length} bytes)`);
                'not the output';
                """).input("{\"n\": 12}").env(Map.of("GREETING", "héllo")).build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(output(result)).isEqualTo("héllo, 144 (9 bytes)");
        assertThat(result.usage().outputBytes()).isEqualTo(result.output().length);
        assertThat(result.usage().memoryBytes()).isPositive();
    }

    @Test
    void completion_value_is_the_output_string_as_is_and_anything_else_as_json() throws Exception {
        assertThat(output(RUNTIME.run(task("'ünïcode ' + (6 * 7)").build()))).isEqualTo("ünïcode 42");
        assertThat(output(RUNTIME.run(task("({a: [1, 2], b: null})").build()))).isEqualTo("{\"a\":[1,2],\"b\":null}");
        assertThat(output(RUNTIME.run(task("42").build()))).isEqualTo("42");
        assertThat(RUNTIME.run(task("undefined").build()).output()).isEmpty();
    }

    @Test
    void bytes_are_output_raw() throws Exception {
        var result = RUNTIME.run(task("output(new Uint8Array([0, 255, 7])); 'ignored'").build());

        assertThat(result.output()).containsExactly(0, 255, 7);
    }

    @Test
    void env_is_frozen_and_input_bytes_are_the_raw_input() throws Exception {
        var result = RUNTIME.run(task("""
                'use strict';
                let threw = false;
                try { env.X = 'changed'; } catch (e) { threw = e instanceof TypeError; }
                [Object.isFrozen(env), threw, env.X, Array.from(inputBytes)]
                """).env(Map.of("X", "1")).input(new byte[] {1, 2, (byte) 0xff}).build());

        assertThat(output(result)).isEqualTo("[true,true,\"1\",[1,2,255]]");
    }

    @Test
    void a_fulfilled_promise_gives_its_value_and_a_rejected_one_fails() throws Exception {
        var fulfilled = RUNTIME.run(task("(async () => { await null; return {done: true}; })()").build());
        var rejected = RUNTIME.run(task("(async () => { await null; throw new TypeError('nope'); })()").build());
        var pending = RUNTIME.run(task("new Promise(() => {})").build());

        assertThat(output(fulfilled)).isEqualTo("{\"done\":true}");
        assertThat(rejected.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(rejected.reason()).startsWith("TypeError: nope at ").contains("task.js:1:");
        assertThat(pending.reason()).contains("never settled");
    }

    @Test
    void console_lines_go_to_stdout_and_stderr_formatted_like_node() throws Exception {
        var logs = new TestingLogSink();
        var result = RUNTIME.run(task("""
                console.log('plain', 1, true, null, undefined, {a: 1}, [1, 'x'], 10n);
                console.info('two\\nlines');
                console.debug(function named() {});
                console.warn('careful');
                console.error(new Error('bad').message);
                'done'
                """).logs(logs).build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(logs.texts(Stream.STDOUT)).containsExactly(
                "plain 1 true null undefined {\"a\":1} [1,\"x\"] 10n", "two", "lines", "[Function: named]");
        assertThat(logs.texts(Stream.STDERR)).containsExactly("careful", "bad");
    }

    @Test
    void a_thrown_error_fails_with_its_message_and_first_frame() throws Exception {
        var result = RUNTIME.run(task("""
                function check(x) {
                  if (x > 1) throw new Error('x is too big: ' + x + '\\nsecond line');
                }
                check(2);
                """).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("Error: x is too big: 2 at check (task.js:2:20)");
    }

    @Test
    void a_thrown_non_error_and_a_syntax_error_fail_with_a_reason() throws Exception {
        var thrown = RUNTIME.run(task("throw 42").build());
        var syntax = RUNTIME.run(task("let x = ;").build());

        assertThat(thrown.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(thrown.reason()).startsWith("Uncaught ").endsWith("at task.js:1:1");
        assertThat(syntax.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(syntax.reason()).startsWith("SyntaxError: Unexpected token ';'").contains("task.js:1:");
    }

    @Test
    void a_script_whose_hash_lies_or_that_is_not_utf8_is_refused() throws Exception {
        var lying = RUNTIME.run(task("1").sha256("0".repeat(64)).build());
        var code = new byte[] {(byte) 0xc3, (byte) 0x28};
        var notUtf8 = RUNTIME.run(new dev.anchor.spi.TaskContext("t", "a",
                new dev.anchor.spi.TaskContext.Code(CodeCache.sha256(code), code), new byte[0], java.util.List.of(),
                Map.of(), Map.of(), dev.anchor.spi.Limits.DEFAULT, 1, JsTasks.CLOCK, (s, t) -> {}));

        assertThat(lying.reason()).startsWith("script sha256 is ").endsWith("but the task says " + "0".repeat(64));
        assertThat(notUtf8.reason()).startsWith("the script is not valid UTF-8");
    }

    @Test
    void input_over_the_input_limit_is_refused() throws Exception {
        var result = RUNTIME.run(task("input").input("0123456789").maxInputBytes(4).build());

        assertThat(result.reason()).isEqualTo("input of 10 bytes exceeds the input limit of 4 bytes");
    }
}
