package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.anchor.api.AnchorException;
import dev.anchor.api.DataRef;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.Json;
import dev.anchor.api.LimitsSpec;
import dev.anchor.api.TaskSpec;
import dev.anchor.store.BlobStore;
import dev.anchor.store.Hashes;
import dev.anchor.store.Ids;
import dev.anchor.store.NewJob;
import dev.anchor.store.Principal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a submission field by field and turns it into a {@link NewJob}: defaults filled in, the
 * runtime chosen, inline modules moved to the blob store. Every rejection names the field. Nothing is
 * stored unless the whole submission is valid (a module blob stored for a rejected job is harmless:
 * blobs are immutable and content-addressed).
 */
final class SubmissionValidator {
    static final List<String> RUNTIMES = List.of("wasm");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final int MAX_INLINE_INPUT = 1 << 20;
    private static final LimitsSpec DEFAULTS = new LimitsSpec(256, 30_000L, 0L, 1.0, 16L << 20, 64L << 20);

    private final BlobStore blobs;

    SubmissionValidator(BlobStore blobs) {
        this.blobs = requireNonNull(blobs, "blobs is null");
    }

    NewJob validate(JobSubmission submission, Principal owner, long now) {
        if (submission.name() != null && submission.name().length() > 200) throw invalid("name", "must be at most 200 characters");
        if (submission.labels() != null && submission.labels().size() > 64) throw invalid("labels", "at most 64 labels");
        TaskSpec task = submission.task();
        if (task == null) throw invalid("task", "is required");
        String runtime = runtime(task);
        LimitsSpec limits = limits(task.limits());
        DataRef module = module(task.module());
        DataRef input = input(task.input(), limits.maxInputBytes());
        List<String> args = task.args() == null ? List.of() : task.args();
        if (args.size() > 256) throw invalid("task.args", "at most 256 arguments");
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) == null || args.get(i).length() > 4096) throw invalid("task.args[" + i + "]", "must be a string of at most 4096 characters");
        }
        Map<String, String> env = task.env() == null ? Map.of() : task.env();
        if (env.size() > 256) throw invalid("task.env", "at most 256 variables");
        for (var entry : env.entrySet()) {
            if (!ENV_NAME.matcher(entry.getKey()).matches()) throw invalid("task.env." + entry.getKey(), "is not a valid variable name");
            if (entry.getValue() == null || entry.getValue().length() > 4096) throw invalid("task.env." + entry.getKey(), "must be a string of at most 4096 characters");
        }
        int maxAttempts = task.maxAttempts() == null ? 3 : task.maxAttempts();
        if (maxAttempts < 1 || maxAttempts > 10) throw invalid("task.maxAttempts", "must be between 1 and 10");
        TaskSpec normalised = new TaskSpec(runtime, module, args, env, input, limits, maxAttempts);
        JobSubmission stored = new JobSubmission(submission.name(), normalised, submission.labels());
        return new NewJob(Ids.next("job_", now), owner.userId(), submission.name(), json(submission.labels()), json(stored),
                Ids.next("tsk_", now), runtime, json(normalised), maxAttempts);
    }

    /** ARCHITECTURE.md §2: a named runtime wins; otherwise the payload's fields decide. */
    private static String runtime(TaskSpec task) {
        if (task.runtime() != null) {
            if (!RUNTIMES.contains(task.runtime())) throw invalid("task.runtime", "unknown runtime '" + task.runtime() + "'; known: " + RUNTIMES);
            return task.runtime();
        }
        if (task.module() != null) return "wasm";
        throw invalid("task.runtime", "cannot tell the runtime from the payload; name one of " + RUNTIMES + " or give a module");
    }

    private DataRef module(DataRef module) {
        if (module == null) throw invalid("task.module", "is required for the wasm runtime");
        return switch (kind("task.module", module)) {
            case "blob" -> {
                if (blobs.stat(module.blob()).isEmpty()) throw invalid("task.module.blob", "no blob " + module.blob() + "; upload it first");
                yield module;
            }
            case "base64" -> DataRef.ofBlob(blobs.put(decode("task.module.base64", module.base64())).sha256());
            default -> throw invalid("task.module", "must be a blob or base64 (a module is binary, not text)");
        };
    }

    private DataRef input(DataRef input, long maxInputBytes) {
        if (input == null) return null;
        long size = switch (kind("task.input", input)) {
            case "text" -> input.text().getBytes(StandardCharsets.UTF_8).length;
            case "base64" -> decode("task.input.base64", input.base64()).length;
            default -> blobs.stat(input.blob())
                    .orElseThrow(() -> invalid("task.input.blob", "no blob " + input.blob() + "; upload it first")).size();
        };
        if (size > maxInputBytes) throw invalid("task.input", size + " bytes is more than limits.maxInputBytes (" + maxInputBytes + ")");
        if (input.blob() == null && size > MAX_INLINE_INPUT) {
            throw invalid("task.input", "inline input is limited to " + MAX_INLINE_INPUT + " bytes; upload it as a blob");
        }
        return input;
    }

    private static String kind(String field, DataRef ref) {
        if (ref.file() != null) throw invalid(field + ".file", "local files are resolved by the CLI; upload the file and pass its blob hash");
        int set = (ref.text() != null ? 1 : 0) + (ref.base64() != null ? 1 : 0) + (ref.blob() != null ? 1 : 0);
        if (set != 1) throw invalid(field, "give exactly one of text, base64 or blob");
        if (ref.blob() != null && !Hashes.isSha256Hex(ref.blob())) throw invalid(field + ".blob", "must be a SHA-256 in lower-case hex");
        return ref.text() != null ? "text" : ref.base64() != null ? "base64" : "blob";
    }

    private static byte[] decode(String field, String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "is not valid base64");
        }
    }

    private static LimitsSpec limits(LimitsSpec given) {
        LimitsSpec l = given == null ? new LimitsSpec(null, null, null, null, null, null) : given;
        int memoryMb = l.memoryMb() == null ? DEFAULTS.memoryMb() : l.memoryMb();
        long timeoutMs = l.timeoutMs() == null ? DEFAULTS.timeoutMs() : l.timeoutMs();
        long fuel = l.fuel() == null ? DEFAULTS.fuel() : l.fuel();
        double cpus = l.cpus() == null ? DEFAULTS.cpus() : l.cpus();
        long maxOutput = l.maxOutputBytes() == null ? DEFAULTS.maxOutputBytes() : l.maxOutputBytes();
        long maxInput = l.maxInputBytes() == null ? DEFAULTS.maxInputBytes() : l.maxInputBytes();
        if (memoryMb < 1 || memoryMb > 65_536) throw invalid("task.limits.memoryMb", "must be between 1 and 65536");
        if (timeoutMs < 1 || timeoutMs > 86_400_000L) throw invalid("task.limits.timeoutMs", "must be between 1 and 86400000 (a day)");
        if (fuel < 0) throw invalid("task.limits.fuel", "must not be negative");
        if (!(cpus > 0) || cpus > 256) throw invalid("task.limits.cpus", "must be above 0 and at most 256");
        if (maxOutput < 1 || maxOutput > (1L << 30)) throw invalid("task.limits.maxOutputBytes", "must be between 1 and 1073741824");
        if (maxInput < 1 || maxInput > (1L << 30)) throw invalid("task.limits.maxInputBytes", "must be between 1 and 1073741824");
        return new LimitsSpec(memoryMb, timeoutMs, fuel, cpus, maxOutput, maxInput);
    }

    private static AnchorException invalid(String field, String message) {
        return AnchorException.invalidField(field, message);
    }

    private static String json(Object value) {
        if (value == null) return null;
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a validated spec always serialises", e);
        }
    }
}
