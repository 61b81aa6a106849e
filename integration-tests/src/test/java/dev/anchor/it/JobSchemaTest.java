package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.anchor.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published job schema ({@code anchor/job.schema.json} in anchor-api): a valid draft 2020-12
 * schema with a description on every field; it accepts every example and valid workflow fixture, and
 * rejects exactly the invalid fixtures whose fault is one of shape (the others need the coordinator:
 * cycles, unknown or non-upstream steps, expressions).
 */
final class JobSchemaTest {
    private static final Path ROOT = Path.of(System.getProperty("anchor.root", "..")).toAbsolutePath().normalize();
    private static final Path WORKFLOWS = ROOT.resolve("integration-tests/src/test/resources/workflows");
    private static final Set<String> SHAPE_ERRORS = Set.of("bad-id", "bad-on-error", "empty-steps", "items-and-chunks",
            "items-not-a-list", "retry-count-too-big", "task-and-workflow", "unknown-field", "wrong-type");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private static JsonNode schemaJson() {
        try (InputStream in = JobSchemaTest.class.getResourceAsStream("/anchor/job.schema.json")) {
            assertThat(in).as("anchor/job.schema.json on the classpath (from anchor-api)").isNotNull();
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final JsonSchema SCHEMA = FACTORY.getSchema(schemaJson());

    static Stream<Path> acceptedFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(WORKFLOWS.resolve("valid"), ROOT.resolve("examples/workflows"), ROOT.resolve("examples"))) {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        return files.stream();
    }

    static Stream<String> invalidFixtures() throws IOException {
        try (Stream<Path> list = Files.list(WORKFLOWS.resolve("invalid"))) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList().stream();
        }
    }

    @Test
    void the_schema_is_a_valid_draft_2020_12_schema() throws IOException {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(meta.validate(schemaJson())).isEmpty();
        assertThat(SCHEMA.validate("{\"task\": {\"module\": {\"blob\": \"" + "ab".repeat(32) + "\"}}}", InputFormat.JSON)).isEmpty();
    }

    @Test
    void every_field_has_a_description_for_editors() {
        List<String> missing = new ArrayList<>();
        collectUndescribed(schemaJson(), "#", missing);
        assertThat(missing).as("fields without a description").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedFiles")
    void the_schema_accepts_every_example_and_valid_fixture(Path file) throws IOException {
        Set<ValidationMessage> errors = SCHEMA.validate(YAML.readTree(file.toFile()));
        assertThat(errors).as(file.toString()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFixtures")
    void the_schema_rejects_exactly_the_fixtures_with_a_shape_error(String name) throws IOException {
        Set<ValidationMessage> errors = SCHEMA.validate(YAML.readTree(WORKFLOWS.resolve("invalid/" + name + ".yaml").toFile()));
        if (SHAPE_ERRORS.contains(name)) assertThat(errors).as(name + " is refused by the schema").isNotEmpty();
        else assertThat(errors).as(name + " has a fault only the coordinator sees; its shape is valid").isEmpty();
    }

    /** Every entry of every {@code properties} and every {@code $defs} entry needs a description. */
    private static void collectUndescribed(JsonNode node, String path, List<String> missing) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) collectUndescribed(node.get(i), path + "/" + i, missing);
            return;
        }
        if (!node.isObject()) return;
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path + "/" + field.getKey();
            if (field.getKey().equals("properties") || field.getKey().equals("$defs")) {
                field.getValue().fields().forEachRemaining(property -> {
                    if (!property.getValue().has("description")) missing.add(at + "/" + property.getKey());
                });
            }
            collectUndescribed(field.getValue(), at, missing);
        }
    }
}
