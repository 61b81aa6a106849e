package dev.anchor.workflow;

import static java.util.Objects.requireNonNull;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled CEL expression (standard macros such as {@code has}, {@code map}, {@code filter},
 * {@code exists}, and the strings extension) over {@code inputs} (map), {@code steps} (map of step id to
 * {@code {state, output, outputs, sha256}}), {@code item} and {@code index}. CEL is side-effect free,
 * terminates, and has no access to anything but these variables, so user expressions are safe to run
 * in the coordinator.
 */
public final class Expression {
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.strings())
            .addVar("inputs", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("steps", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("item", SimpleType.DYN)
            .addVar("index", SimpleType.INT)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .addLibraries(CelExtensions.strings())
            .build();
    private static final Pattern STEP_REFERENCE = Pattern.compile("steps\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*['\"]([^'\"]+)['\"]\\s*])");

    private final String source;
    private final CelRuntime.Program program;
    private final Set<String> steps;

    private Expression(String source, CelRuntime.Program program, Set<String> steps) {
        this.source = source;
        this.program = program;
        this.steps = steps;
    }

    /** Compiles {@code source}; a syntax or type error throws {@link IllegalArgumentException} with CEL's message. */
    public static Expression compile(String source) {
        requireNonNull(source, "source is null");
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(source).getAst();
            Set<String> referenced = new LinkedHashSet<>();
            Matcher matcher = STEP_REFERENCE.matcher(source);
            while (matcher.find()) referenced.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
            return new Expression(source, RUNTIME.createProgram(ast), Set.copyOf(referenced));
        } catch (CelValidationException e) {
            throw new IllegalArgumentException(oneLine(e.getMessage()), e);
        } catch (CelEvaluationException e) {
            throw new IllegalArgumentException(oneLine(e.getMessage()), e);
        }
    }

    /** Evaluates against the variables; an evaluation error (a missing key, a wrong type) throws. */
    public Object evaluate(Map<String, ?> variables) {
        try {
            return program.eval(variables);
        } catch (CelEvaluationException e) {
            throw new IllegalArgumentException(oneLine(e.getMessage()), e);
        }
    }

    /** The step ids the expression mentions as {@code steps.ID} or {@code steps['ID']}. */
    public Set<String> referencedSteps() {
        return steps;
    }

    public String source() {
        return source;
    }

    private static String oneLine(String message) {
        if (message == null) return "invalid expression";
        return message.replaceAll("\\s*\\n\\s*", " | ").strip();
    }
}
