package dev.anchor.cli;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.anchor.api.DataRef;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.Json;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.ForEach;
import dev.anchor.api.StepSpec;
import dev.anchor.api.WorkflowSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.anchor.client.AnchorClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a job file (YAML or JSON, same fields as the API) and resolves its {@code file:} references:
 * each named file, relative to the job file, is uploaded as a blob and referenced by hash.
 */
final class JobFiles {
    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder().build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JobFiles() {}

    static JobSubmission load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException("no such job file: " + file, ExitCodes.USAGE);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), ExitCodes.USAGE);
        }
        ObjectMapper mapper = file.toString().endsWith(".json") ? Json.mapper() : YAML;
        try {
            return mapper.readValue(bytes, JobSubmission.class);
        } catch (JsonMappingException e) {
            String where = e.getPathReference() == null ? "" : " at " + path(e);
            throw new CliException(file + where + ": " + firstLine(e.getOriginalMessage()), ExitCodes.USAGE);
        } catch (IOException e) {
            throw new CliException(file + ": " + firstLine(e.getMessage()), ExitCodes.USAGE);
        }
    }

    /** Uploads local files the spec names and answers the spec with blob references instead. */
    static JobSubmission resolve(JobSubmission job, Path jobFile, AnchorClient client) {
        Path base = jobFile.toAbsolutePath().getParent();
        Map<String, String> uploaded = new HashMap<>();
        TaskSpec task = resolve(job.task(), base, client, uploaded);
        // Both or neither is the coordinator's to refuse, with its message; pass them on as given.
        if (job.workflow() == null) return job.withPayloads(task, null);
        WorkflowSpec flow = job.workflow();
        List<StepSpec> steps = new ArrayList<>();
        for (StepSpec step : flow.steps() == null ? List.<StepSpec>of() : flow.steps()) {
            if (step == null) {
                steps.add(null);
                continue;
            }
            TaskSpec payload = resolve(step.payload(), base, client, uploaded);
            ForEach forEach = step.forEach();
            if (forEach != null && forEach.chunks() != null) {
                forEach = new ForEach(forEach.items(), new ForEach.Chunks(upload(forEach.chunks().input(), base, client, uploaded),
                        forEach.chunks().size()));
            }
            steps.add(step.withPayload(payload, forEach, resolve(step.compensate(), base, client, uploaded)));
        }
        return job.withPayloads(task, new WorkflowSpec(flow.inputs(), flow.defaults(), flow.timeoutMs(), steps));
    }

    private static TaskSpec resolve(TaskSpec task, Path base, AnchorClient client, Map<String, String> uploaded) {
        if (task == null) return null;
        return task.with(task.runtime(), upload(task.module(), base, client, uploaded), task.args(), task.env(),
                upload(task.input(), base, client, uploaded), task.limits(), task.maxAttempts())
                .withSource(upload(task.source(), base, client, uploaded));
    }

    private static DataRef upload(DataRef ref, Path base, AnchorClient client, Map<String, String> uploaded) {
        if (ref == null || ref.file() == null) return ref;
        Path path = base.resolve(ref.file());
        try {
            String sha = uploaded.get(path.toString());
            if (sha == null) {
                sha = client.upload(Files.readAllBytes(path)).sha256();
                uploaded.put(path.toString(), sha);
            }
            return DataRef.ofBlob(sha);
        } catch (IOException e) {
            throw new CliException("cannot read " + path + " (named in the job file): " + e.getMessage(), ExitCodes.USAGE);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            else if (ref.getIndex() >= 0) out.append('[').append(ref.getIndex()).append(']');
        }
        return out.toString();
    }

    private static String firstLine(String message) {
        if (message == null) return "invalid";
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
