package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.anchor.api.AnchorException;
import dev.anchor.api.DataRef;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.Json;
import dev.anchor.api.LimitsSpec;
import dev.anchor.api.Requirements;
import dev.anchor.api.agent.RegisterRequest;
import dev.anchor.api.TaskSpec;
import dev.anchor.store.BlobStore;
import dev.anchor.store.Hashes;
import dev.anchor.store.Ids;
import dev.anchor.store.NewJob;
import dev.anchor.store.NewWorkflowJob;
import dev.anchor.api.StepSpec;
import dev.anchor.api.WorkflowSpec;
import dev.anchor.workflow.Workflow;
import dev.anchor.workflow.WorkflowValidator;
import java.util.ArrayList;
import dev.anchor.store.Principal;
import dev.anchor.store.ServicePolicy;
import dev.anchor.store.VerificationPolicy;
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
    static final List<String> RUNTIMES = List.of("wasm", "builtin", "process", "js", "container");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern RELATIVE_PATH = Pattern.compile("(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._/-]{1,255}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final int MAX_INLINE_INPUT = 1 << 20;
    private static final LimitsSpec DEFAULTS = new LimitsSpec(256, 30_000L, 0L, 1.0, 16L << 20, 64L << 20);

    private final BlobStore blobs;

    SubmissionValidator(BlobStore blobs) {
        this.blobs = requireNonNull(blobs, "blobs is null");
    }

    /** A single-task job, ready to store. */
    NewJob validateTask(JobSubmission submission, Principal owner, long now) {
        checkCommon(submission);
        ServicePolicy service = service(submission);
        TaskSpec normalised = service == null ? normalise(submission.task(), "task", null, null) : serviceTask(submission.task());
        VerificationPolicy verification = VerificationPolicy.parse(submission.verification());
        JobSubmission stored = submission.withPayloads(normalised, null);
        return new NewJob(Ids.next("job_", now), owner.userId(), submission.name(), json(submission.labels()), json(stored),
                Ids.next("tsk_", now), normalised.runtime(), json(normalised), normalised.maxAttempts(),
                verification == null ? null : verification.toJson(), service == null ? null : service.toJson());
    }

    /** A workflow job, ready to store: every step's payload normalised, the graph validated. */
    NewWorkflowJob validateWorkflow(JobSubmission submission, Principal owner, long now) {
        checkCommon(submission);
        service(submission);
        WorkflowSpec spec = submission.workflow();
        if (spec.steps() == null || spec.steps().isEmpty()) throw invalid("workflow.steps", "needs at least one step");
        WorkflowSpec.StepDefaults defaults = spec.defaults();
        List<StepSpec> steps = new ArrayList<>();
        for (int i = 0; i < spec.steps().size(); i++) {
            StepSpec step = spec.steps().get(i);
            if (step == null) throw invalid("workflow.steps[" + i + "]", "must be a step");
            String prefix = "workflow.steps." + (step.id() == null ? "[" + i + "]" : step.id());
            Long timeout = step.timeoutMs() != null ? step.timeoutMs() : defaults == null ? null : defaults.timeoutMs();
            TaskSpec payload = normalise(step.payload(), prefix, defaults == null ? null : defaults.limits(), timeout);
            TaskSpec compensate = step.compensate() == null ? null
                    : normalise(step.compensate(), prefix + ".compensate", defaults == null ? null : defaults.limits(), null);
            if (step.forEach() != null && step.forEach().chunks() != null && step.forEach().chunks().input() != null) {
                kind(prefix + ".forEach.chunks.input", step.forEach().chunks().input());
            }
            steps.add(step.withPayload(payload, step.forEach(), compensate));
        }
        WorkflowSpec normalised = new WorkflowSpec(spec.inputs(), defaults, spec.timeoutMs(), steps);
        Workflow workflow = WorkflowValidator.validate(normalised);
        VerificationPolicy verification = VerificationPolicy.parse(submission.verification());
        JobSubmission stored = submission.withPayloads(null, normalised);
        return new NewWorkflowJob(Ids.next("job_", now), owner.userId(), submission.name(), json(submission.labels()), json(stored),
                workflow, spec.timeoutMs() == null ? null : now + spec.timeoutMs(), verification == null ? null : verification.toJson());
    }

    /**
     * A service's restart policy (docs/services.md), or null when the job is not a service. A service is
     * one task, never a workflow, and is never verified: its runs have no single result to compare.
     */
    private static ServicePolicy service(JobSubmission submission) {
        if (submission.service() == null) return null;
        if (submission.workflow() != null) throw invalid("service", "applies to a single task, not to a workflow");
        if (submission.verification() != null) throw invalid("verification", "a service is never verified; remove verification or service");
        return ServicePolicy.parse(submission.service());
    }

    /**
     * A service's task, checked and filled in as any task's, except that it has no wall-clock limit
     * unless it sets one: {@code limits.timeoutMs} absent or 0 is stored as 0, which agents run unbounded.
     */
    private TaskSpec serviceTask(TaskSpec task) {
        if (task == null) throw invalid("task", "is required");
        LimitsSpec own = task.limits();
        if (own != null && own.timeoutMs() != null && own.timeoutMs() != 0) return normalise(task, "task", null, null);
        // 1 ms stands in for "none" while the other limits are checked and defaulted.
        LimitsSpec placeholder = (own == null ? new LimitsSpec(null, null, null, null, null, null) : own).withTimeoutMs(1L);
        TaskSpec normalised = normalise(task.with(task.runtime(), task.module(), task.args(), task.env(), task.input(), placeholder,
                task.maxAttempts()), "task", null, null);
        return normalised.with(normalised.runtime(), normalised.module(), normalised.args(), normalised.env(), normalised.input(),
                normalised.limits().withTimeoutMs(0L), normalised.maxAttempts());
    }

    private static void checkCommon(JobSubmission submission) {
        if (submission.name() != null && submission.name().length() > 200) throw invalid("name", "must be at most 200 characters");
        if (submission.labels() != null && submission.labels().size() > 64) throw invalid("labels", "at most 64 labels");
        if ((submission.task() == null) == (submission.workflow() == null)) throw invalid("task", "give exactly one of task or workflow");
        if (submission.priority() != null && (submission.priority() < -100 || submission.priority() > 100)) {
            throw invalid("priority", "must be between -100 and 100 (higher is leased first)");
        }
    }

    /**
     * Checks one payload at {@code field} and fills in what it left out: the runtime, the limits (its
     * own, then {@code defaults}, then the coordinator's), inline modules moved to blobs. Strings may
     * hold ${{ }} templates in workflows; those parts are checked when the step is ready.
     */
    private TaskSpec normalise(TaskSpec task, String field, LimitsSpec defaults, Long timeoutMs) {
        if (task == null) throw invalid(field, "is required");
        String runtime = runtime(task, field);
        LimitsSpec limits = limits(merge(task.limits(), defaults, timeoutMs), field + ".limits");
        checkRuntimeFields(task, runtime, field);
        DataRef module = runtime.equals("wasm") ? module(task.module(), field + ".module") : null;
        DataRef input = input(task.input(), limits.maxInputBytes(), field + ".input");
        List<String> args = task.args() == null ? List.of() : task.args();
        if (args.size() > 256) throw invalid(field + ".args", "at most 256 arguments");
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) == null || args.get(i).length() > 4096) throw invalid(field + ".args[" + i + "]", "must be a string of at most 4096 characters");
        }
        Map<String, String> env = task.env() == null ? Map.of() : task.env();
        if (env.size() > 256) throw invalid(field + ".env", "at most 256 variables");
        for (var entry : env.entrySet()) {
            if (!ENV_NAME.matcher(entry.getKey()).matches()) throw invalid(field + ".env." + entry.getKey(), "is not a valid variable name");
            if (entry.getValue() == null || entry.getValue().length() > 4096) throw invalid(field + ".env." + entry.getKey(), "must be a string of at most 4096 characters");
        }
        int maxAttempts = task.maxAttempts() == null ? 3 : task.maxAttempts();
        if (maxAttempts < 1 || maxAttempts > 10) throw invalid(field + ".maxAttempts", "must be between 1 and 10");
        return task.with(runtime, module, args, env, input, limits, maxAttempts)
                .withRequirements(requirements(task.requirements(), field + ".requirements"));
    }

    /** Placement requirements (docs/scheduling.md): GPUs 0..64, labels as nodes carry them; none at all is stored as absent. */
    private static Requirements requirements(Requirements given, String field) {
        if (given == null) return null;
        int gpus = given.gpus() == null ? 0 : given.gpus();
        if (gpus < 0 || gpus > 64) throw invalid(field + ".gpus", "must be between 0 and 64");
        Map<String, String> labels = given.labels() == null ? Map.of() : given.labels();
        if (labels.size() > RegisterRequest.MAX_LABELS) throw invalid(field + ".labels", "at most " + RegisterRequest.MAX_LABELS + " labels");
        for (var label : labels.entrySet()) {
            if (!RegisterRequest.LABEL_KEY.matcher(label.getKey()).matches()) {
                throw invalid(field + ".labels", "key '" + label.getKey() + "' must be 1 to 63 letters, digits, '.', '_', '-' or '/', "
                        + "starting with a letter or digit");
            }
            if (label.getValue() == null || label.getValue().length() > RegisterRequest.MAX_LABEL_VALUE) {
                throw invalid(field + ".labels." + label.getKey(), "must be a string of at most " + RegisterRequest.MAX_LABEL_VALUE + " characters");
            }
        }
        if (gpus == 0 && labels.isEmpty()) return null;
        return new Requirements(gpus == 0 ? null : gpus, labels.isEmpty() ? null : labels);
    }

    private static LimitsSpec merge(LimitsSpec own, LimitsSpec defaults, Long timeoutMs) {
        LimitsSpec o = own == null ? new LimitsSpec(null, null, null, null, null, null) : own;
        LimitsSpec d = defaults == null ? new LimitsSpec(null, null, null, null, null, null) : defaults;
        return new LimitsSpec(
                o.memoryMb() != null ? o.memoryMb() : d.memoryMb(),
                timeoutMs != null ? timeoutMs : o.timeoutMs() != null ? o.timeoutMs() : d.timeoutMs(),
                o.fuel() != null ? o.fuel() : d.fuel(),
                o.cpus() != null ? o.cpus() : d.cpus(),
                o.maxOutputBytes() != null ? o.maxOutputBytes() : d.maxOutputBytes(),
                o.maxInputBytes() != null ? o.maxInputBytes() : d.maxInputBytes());
    }

    /** ARCHITECTURE.md §2: a named runtime wins; otherwise the payload's fields decide. */
    private static String runtime(TaskSpec task, String field) {
        if (task.runtime() != null) {
            if (!RUNTIMES.contains(task.runtime())) throw invalid(field + ".runtime", "unknown runtime '" + task.runtime() + "'; known: " + RUNTIMES);
            return task.runtime();
        }
        if (task.library() != null) return "builtin";
        if (task.module() != null) return "wasm";
        if (task.image() != null) return "container";
        if (task.command() != null) return "process";
        if (task.source() != null) return "js";
        throw invalid(field + ".runtime", "cannot tell the runtime from the payload; name one of " + RUNTIMES
                + ", or give a module (wasm), a library (builtin), a command (process), an image (container) or a source (js)");
    }

    /** Each runtime's own fields are required for it and refused for the others. */
    private static void checkRuntimeFields(TaskSpec task, String runtime, String field) {
        if (!runtime.equals("wasm") && task.module() != null) throw invalid(field + ".module", "is only for the wasm runtime");
        if (!runtime.equals("builtin") && (task.library() != null || task.method() != null || task.params() != null)) {
            throw invalid(field + (task.library() != null ? ".library" : task.method() != null ? ".method" : ".params"), "is only for the builtin runtime");
        }
        boolean commandRuntime = runtime.equals("process") || runtime.equals("container");
        if (!commandRuntime && (task.command() != null || task.outputFile() != null)) {
            throw invalid(field + (task.command() != null ? ".command" : ".outputFile"), "is only for the process and container runtimes");
        }
        if (!runtime.equals("container") && task.image() != null) throw invalid(field + ".image", "is only for the container runtime");
        if (!runtime.equals("js") && task.source() != null) throw invalid(field + ".source", "is only for the js runtime");
        switch (runtime) {
            case "builtin" -> {
                if (task.library() == null || !NAME.matcher(task.library()).matches()) throw invalid(field + ".library", "is required: a library name such as crypto or image");
                if (task.method() == null || !NAME.matcher(task.method()).matches()) throw invalid(field + ".method", "is required: a method name such as sha256 or resize");
                if (task.params() != null && !task.params().isObject()) throw invalid(field + ".params", "must be an object");
            }
            case "js" -> {
                if (task.source() == null) throw invalid(field + ".source", "is required: the script (text, blob or file)");
                kind(field + ".source", task.source());
            }
            case "container" -> {
                if (task.image() == null || task.image().isBlank() || task.image().length() > 512) {
                    throw invalid(field + ".image", "is required: an image name such as busybox:latest");
                }
                checkCommand(task, field, false);
            }
            case "process" -> checkCommand(task, field, true);
            default -> { }
        }
    }

    /** A command (process: required; container: optional, overriding the image's) and its output file. */
    private static void checkCommand(TaskSpec task, String field, boolean required) {
        if (task.command() == null && !required) return;
        if (task.command() == null || task.command().isEmpty()) throw invalid(field + ".command", "is required: the program and its arguments");
        if (task.command().size() > 256) throw invalid(field + ".command", "at most 256 entries");
        for (int i = 0; i < task.command().size(); i++) {
            String part = task.command().get(i);
            if (part == null || part.isEmpty() || part.length() > 4096) {
                throw invalid(field + ".command[" + i + "]", "must be a non-empty string of at most 4096 characters");
            }
        }
        if (task.outputFile() != null && !RELATIVE_PATH.matcher(task.outputFile()).matches()) {
            throw invalid(field + ".outputFile", "must be a relative path inside the work directory, without '..'");
        }
    }

    private DataRef module(DataRef module, String field) {
        if (module == null) throw invalid(field, "is required for the wasm runtime");
        return switch (kind(field, module)) {
            case "blob" -> {
                if (blobs.stat(module.blob()).isEmpty()) throw invalid(field + ".blob", "no blob " + module.blob() + "; upload it first");
                yield module;
            }
            case "base64" -> DataRef.ofBlob(blobs.put(decode(field + ".base64", module.base64())).sha256());
            case "template" -> throw invalid(field + ".blob", "a module cannot come from a template");
            default -> throw invalid(field, "must be a blob or base64 (a module is binary, not text)");
        };
    }

    private DataRef input(DataRef input, long maxInputBytes, String field) {
        if (input == null) return null;
        long size = switch (kind(field, input)) {
            case "text" -> input.text().getBytes(StandardCharsets.UTF_8).length;
            case "base64" -> decode(field + ".base64", input.base64()).length;
            case "template" -> 0;
            default -> blobs.stat(input.blob())
                    .orElseThrow(() -> invalid(field + ".blob", "no blob " + input.blob() + "; upload it first")).size();
        };
        if (size > maxInputBytes) throw invalid(field, size + " bytes is more than limits.maxInputBytes (" + maxInputBytes + ")");
        if (input.blob() == null && size > MAX_INLINE_INPUT) {
            throw invalid(field, "inline input is limited to " + MAX_INLINE_INPUT + " bytes; upload it as a blob");
        }
        return input;
    }

    private static String kind(String field, DataRef ref) {
        if (ref.file() != null) throw invalid(field + ".file", "local files are resolved by the CLI; upload the file and pass its blob hash");
        int set = (ref.text() != null ? 1 : 0) + (ref.base64() != null ? 1 : 0) + (ref.blob() != null ? 1 : 0);
        if (set != 1) throw invalid(field, "give exactly one of text, base64 or blob");
        if (ref.blob() != null && ref.blob().contains("${{")) return "template";
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

    private static LimitsSpec limits(LimitsSpec given, String field) {
        LimitsSpec l = given == null ? new LimitsSpec(null, null, null, null, null, null) : given;
        int memoryMb = l.memoryMb() == null ? DEFAULTS.memoryMb() : l.memoryMb();
        long timeoutMs = l.timeoutMs() == null ? DEFAULTS.timeoutMs() : l.timeoutMs();
        long fuel = l.fuel() == null ? DEFAULTS.fuel() : l.fuel();
        double cpus = l.cpus() == null ? DEFAULTS.cpus() : l.cpus();
        long maxOutput = l.maxOutputBytes() == null ? DEFAULTS.maxOutputBytes() : l.maxOutputBytes();
        long maxInput = l.maxInputBytes() == null ? DEFAULTS.maxInputBytes() : l.maxInputBytes();
        if (memoryMb < 1 || memoryMb > 65_536) throw invalid(field + ".memoryMb", "must be between 1 and 65536");
        if (timeoutMs < 1 || timeoutMs > 86_400_000L) throw invalid(field + ".timeoutMs", "must be between 1 and 86400000 (a day)");
        if (fuel < 0) throw invalid(field + ".fuel", "must not be negative");
        if (!(cpus > 0) || cpus > 256) throw invalid(field + ".cpus", "must be above 0 and at most 256");
        if (maxOutput < 1 || maxOutput > (1L << 30)) throw invalid(field + ".maxOutputBytes", "must be between 1 and 1073741824");
        if (maxInput < 1 || maxInput > (1L << 30)) throw invalid(field + ".maxInputBytes", "must be between 1 and 1073741824");
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
