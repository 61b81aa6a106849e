package dev.anchor.workflow;

import dev.anchor.api.DataRef;
import dev.anchor.api.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A task payload whose {@code input.text}, {@code input.blob}, {@code args} and {@code env} values may
 * hold templates. Rendering gives the concrete {@link TaskSpec} a task runs with.
 */
public final class PayloadTemplate {
    private final TaskSpec base;
    private final Template inputText;
    private final Template inputBlob;
    private final List<Template> args;
    private final Map<String, Template> env;

    private PayloadTemplate(TaskSpec base, Template inputText, Template inputBlob, List<Template> args, Map<String, Template> env) {
        this.base = base;
        this.inputText = inputText;
        this.inputBlob = inputBlob;
        this.args = args;
        this.env = env;
    }

    /** Parses the payload's templates; errors name the field under {@code prefix}. */
    static PayloadTemplate parse(TaskSpec spec, String prefix) {
        Template text = null;
        Template blob = null;
        if (spec.input() != null) {
            if (spec.input().text() != null) text = parse(spec.input().text(), prefix + ".input.text");
            if (spec.input().blob() != null) blob = parse(spec.input().blob(), prefix + ".input.blob");
        }
        List<Template> args = new ArrayList<>();
        if (spec.args() != null) {
            for (int i = 0; i < spec.args().size(); i++) {
                String arg = spec.args().get(i);
                if (arg == null) throw new WorkflowException(prefix + ".args[" + i + "]", "must be a string");
                args.add(parse(arg, prefix + ".args[" + i + "]"));
            }
        }
        Map<String, Template> env = new LinkedHashMap<>();
        if (spec.env() != null) {
            for (var entry : spec.env().entrySet()) {
                if (entry.getValue() == null) throw new WorkflowException(prefix + ".env." + entry.getKey(), "must be a string");
                env.put(entry.getKey(), parse(entry.getValue(), prefix + ".env." + entry.getKey()));
            }
        }
        return new PayloadTemplate(spec, text, blob, List.copyOf(args), env);
    }

    private static Template parse(String text, String field) {
        try {
            return Template.parse(text);
        } catch (IllegalArgumentException e) {
            throw new WorkflowException(field, "bad expression: " + e.getMessage());
        }
    }

    Set<String> referencedSteps() {
        Set<String> steps = new LinkedHashSet<>();
        if (inputText != null) steps.addAll(inputText.referencedSteps());
        if (inputBlob != null) steps.addAll(inputBlob.referencedSteps());
        args.forEach(t -> steps.addAll(t.referencedSteps()));
        env.values().forEach(t -> steps.addAll(t.referencedSteps()));
        return steps;
    }

    /** The concrete payload for these variables; {@code input} replaces the payload's own when given. */
    TaskSpec render(Map<String, ?> variables, DataRef input) {
        DataRef renderedInput = input;
        if (renderedInput == null && base.input() != null) {
            DataRef given = base.input();
            renderedInput = new DataRef(inputText == null ? given.text() : inputText.render(variables), given.base64(),
                    inputBlob == null ? given.blob() : inputBlob.render(variables).strip(), given.file());
        }
        List<String> renderedArgs = base.args() == null ? null : args.stream().map(t -> t.render(variables)).toList();
        Map<String, String> renderedEnv = null;
        if (base.env() != null) {
            renderedEnv = new LinkedHashMap<>();
            for (var entry : env.entrySet()) renderedEnv.put(entry.getKey(), entry.getValue().render(variables));
        }
        return base.with(base.runtime(), base.module(), renderedArgs, renderedEnv, renderedInput, base.limits(), base.maxAttempts());
    }

    TaskSpec base() {
        return base;
    }
}
