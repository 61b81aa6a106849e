package dev.anchor.coordinator;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.anchor.api.EventView;
import dev.anchor.api.JobView;
import dev.anchor.api.Json;
import dev.anchor.api.LogLine;
import dev.anchor.store.JobStore;
import dev.anchor.store.Principal;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A job's events and log lines as Server-Sent Events, from the store: first what is stored, then live
 * as it commits, until the job has ended and everything is sent. Event ids are {@code E:L} (the last
 * event and log sequence sent), so a client reconnecting with {@code Last-Event-ID} misses nothing.
 * Event names: {@code event} (a transition), {@code log} (a line), {@code end} (the job's final view).
 */
final class EventStream {
    private static final long KEEP_ALIVE_MS = 15_000;
    /** The caller's right to see the job was checked before the stream began; re-reads need no second check. */
    private static final Principal STREAM_VIEWER = new Principal("stream", "stream", "admin");

    private final JobStore jobs;
    private final JobSignals signals;

    EventStream(JobStore jobs, JobSignals signals) {
        this.jobs = jobs;
        this.signals = signals;
    }

    void serve(Context ctx, JobView job) throws IOException, InterruptedException {
        boolean withLogs = !"false".equals(ctx.queryParam("logs"));
        long[] cursor = parseCursor(ctx.header("Last-Event-ID"));
        ctx.res().setStatus(200);
        ctx.res().setContentType("text/event-stream;charset=utf-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        OutputStream out = ctx.res().getOutputStream();
        out.write(": stream of job ".concat(job.id()).concat("\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        Signal signal = signals.watch(job.id());
        try {
            long lastWrite = System.currentTimeMillis();
            while (true) {
                long seen = signal.generation();
                List<EventView> events = jobs.events(job.id(), cursor[0], 500);
                List<LogLine> lines = withLogs ? jobs.logs(job.id(), cursor[1], 1000) : List.of();
                // Interleave by time, a line before a transition of the same millisecond, so a replay
                // reads as it happened: the logs of a run come before the state it ended in.
                int e = 0;
                int l = 0;
                while (e < events.size() || l < lines.size()) {
                    if (l < lines.size() && (e == events.size() || lines.get(l).at() <= events.get(e).at())) {
                        cursor[1] = lines.get(l).seq();
                        write(out, "log", cursor, lines.get(l++));
                    } else {
                        cursor[0] = events.get(e).seq();
                        write(out, "event", cursor, events.get(e++));
                    }
                }
                boolean sent = !events.isEmpty() || !lines.isEmpty();
                if (sent) {
                    out.flush();
                    lastWrite = System.currentTimeMillis();
                    continue;
                }
                // Only once nothing is left to send: the final event commits with the job's end.
                JobView now = jobs.get(job.id(), STREAM_VIEWER).orElseThrow();
                if (now.state().isTerminal()) {
                    write(out, "end", cursor, now);
                    out.flush();
                    return;
                }
                if (System.currentTimeMillis() - lastWrite >= KEEP_ALIVE_MS) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastWrite = System.currentTimeMillis();
                }
                signal.await(seen, 1_000);
            }
        } catch (IOException e) {
            // The client went away; nothing to clean up but the watch.
        } finally {
            signals.release(job.id());
        }
    }


    private static void write(OutputStream out, String name, long[] cursor, Object data) throws IOException {
        String json;
        try {
            json = Json.mapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String frame = "id: " + cursor[0] + ":" + cursor[1] + "\nevent: " + name + "\ndata: " + json + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
    }

    private static long[] parseCursor(String lastEventId) {
        if (lastEventId == null) return new long[] {0, 0};
        String[] parts = lastEventId.split(":");
        try {
            return new long[] {Long.parseLong(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : 0};
        } catch (NumberFormatException e) {
            return new long[] {0, 0};
        }
    }
}
