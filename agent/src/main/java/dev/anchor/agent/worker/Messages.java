package dev.anchor.agent.worker;

import dev.anchor.spi.Limits;
import dev.anchor.spi.LogSink;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.TaskContext;
import dev.anchor.spi.Usage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the SPI's values into frames and back; both sides of the protocol use it. */
final class Messages {
    private Messages() {}

    static Frame init(List<String> runtimes, Map<String, String> options) {
        return Frame.of(Map.of("type", Frame.INIT, "runtimes", runtimes, "options", options));
    }

    static Frame ready(List<String> runtimes) {
        return Frame.of(Map.of("type", Frame.READY, "runtimes", runtimes, "pid", ProcessHandle.current().pid()));
    }

    static Frame cancel() {
        return Frame.of(Map.of("type", Frame.CANCEL));
    }

    static Frame log(LogSink.Stream stream, String text) {
        return Frame.of(Map.of("type", Frame.LOG, "stream", stream.name(), "text", text));
    }

    static Frame run(String runtime, TaskContext context) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("type", Frame.RUN);
        header.put("runtime", runtime);
        header.put("taskId", context.taskId());
        header.put("attemptId", context.attemptId());
        if (context.code() != null) header.put("codeSha256", context.code().sha256());
        header.put("args", context.args());
        header.put("env", context.env());
        header.put("payload", context.payload());
        Limits l = context.limits();
        header.put("limits", List.of(l.memoryMb(), l.timeoutMs(), l.fuel(), l.cpus(), l.maxOutputBytes(), l.maxInputBytes()));
        header.put("seed", context.seed());
        header.put("clock", context.clock().toString());
        byte[] code = context.code() == null ? new byte[0] : context.code().bytes();
        return Frame.of(header, code, context.input());
    }

    @SuppressWarnings("unchecked")
    static TaskContext context(Frame run, LogSink logs) {
        Map<String, Object> h = run.header();
        String sha = run.text("codeSha256");
        List<Number> l = (List<Number>) h.get("limits");
        Limits limits = new Limits(l.get(0).intValue(), l.get(1).longValue(), l.get(2).longValue(), l.get(3).doubleValue(),
                l.get(4).longValue(), l.get(5).longValue());
        return new TaskContext(run.text("taskId"), run.text("attemptId"), sha == null ? null : new TaskContext.Code(sha, run.blob(0)),
                run.blob(1), (List<String>) h.get("args"), (Map<String, String>) h.get("env"), (Map<String, Object>) h.get("payload"),
                limits, run.number("seed"), Instant.parse(run.text("clock")), logs);
    }

    static Frame result(RunResult result) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("type", Frame.RESULT);
        header.put("outcome", result.outcome().name());
        if (result.reason() != null) header.put("reason", result.reason());
        Usage u = result.usage();
        header.put("usage", List.of(u.wallMillis(), u.memoryBytes(), u.fuel(), u.outputBytes()));
        return Frame.of(header, result.output());
    }

    @SuppressWarnings("unchecked")
    static RunResult result(Frame frame) {
        List<Number> u = (List<Number>) frame.header().get("usage");
        Usage usage = new Usage(u.get(0).longValue(), u.get(1).longValue(), u.get(2).longValue(), u.get(3).longValue());
        return new RunResult(Outcome.valueOf(frame.text("outcome")), frame.blob(0), frame.text("reason"), usage);
    }
}
