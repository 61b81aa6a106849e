package dev.anchor.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anchor.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document describes the routes the coordinator really serves: no more, no fewer, with
 * the same methods and the same need for credentials. A route added to the server goes into
 * {@link #ROUTES} and into {@code anchor/openapi.json} together.
 */
final class OpenApiDocumentTest {
    /** Every route the coordinator registers, as the document spells it. */
    private static final List<Route> ROUTES = List.of(
            new Route("GET", "/healthz"),
            new Route("GET", "/api/v1/openapi.json"),
            new Route("GET", "/api/v1/schemas/job.json"),
            new Route("GET", "/api/v1/me"),
            new Route("POST", "/api/v1/users"),
            new Route("GET", "/api/v1/nodes"),
            new Route("GET", "/api/v1/nodes/{id}/telemetry"),
            new Route("POST", "/api/v1/nodes/{id}/cordon"),
            new Route("POST", "/api/v1/nodes/{id}/drain"),
            new Route("POST", "/api/v1/nodes/{id}/uncordon"),
            new Route("GET", "/api/v1/jobs/{id}/placement"),
            new Route("POST", "/api/v1/jobs"),
            new Route("GET", "/api/v1/jobs"),
            new Route("GET", "/api/v1/jobs/{id}"),
            new Route("POST", "/api/v1/jobs/{id}/cancel"),
            new Route("GET", "/api/v1/jobs/{id}/logs"),
            new Route("GET", "/api/v1/jobs/{id}/events"),
            new Route("POST", "/api/dag/schedule"),
            new Route("GET", "/api/dag/graph/{id}"),
            new Route("POST", "/api/v1/blobs"),
            new Route("PUT", "/api/v1/blobs/{sha256}"),
            new Route("GET", "/api/v1/blobs/{sha256}"),
            new Route("HEAD", "/api/v1/blobs/{sha256}"),
            new Route("POST", "/api/v1/agent/register"),
            new Route("POST", "/api/v1/agent/leases"),
            new Route("POST", "/api/v1/agent/heartbeat"),
            new Route("POST", "/api/v1/agent/updates"),
            new Route("POST", "/api/v1/verify"),
            new Route("POST", "/api/dag/verify"),
            new Route("POST", "/api/v1/join-tokens"),
            new Route("GET", "/api/v1/credits"),
            new Route("GET", "/api/v1/nodes/reputation"),
            new Route("GET", "/api/v1/jobs/{id}/receipts"));

    /** Aliases and the routes they stand for: the same operation under another path. */
    private static final Map<Route, Route> ALIASES = Map.of(
            new Route("POST", "/api/dag/schedule"), new Route("POST", "/api/v1/jobs"),
            new Route("GET", "/api/dag/graph/{id}"), new Route("GET", "/api/v1/jobs/{id}"),
            new Route("POST", "/api/dag/verify"), new Route("POST", "/api/v1/verify"));

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @TempDir
    static Path dataDirectory;

    private static Coordinator coordinator;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        coordinator = Coordinator.start(CoordinatorConfig.defaults(dataDirectory).withPort(0));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        if (http != null) http.close();
        if (coordinator != null) coordinator.close();
    }

    @Test
    void the_document_is_openapi_3_1_json_whose_references_all_resolve() throws IOException {
        JsonNode document = bundledDocument();

        assertThat(document.path("openapi").asText()).startsWith("3.1.");
        assertThat(document.path("info").path("title").asText()).isNotBlank();
        List<String> unresolved = new ArrayList<>();
        collectUnresolvedReferences(document, document, unresolved);
        assertThat(unresolved).as("$refs that point nowhere").isEmpty();
    }

    @Test
    void unknown_routes_and_wrong_methods_answer_in_the_error_shape() throws Exception {
        HttpResponse<String> unknown = call(new Route("GET", "/api/v1/no-such-route"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        JsonNode error = Json.mapper().readTree(unknown.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("not_found");
        assertThat(error.path("message").asText()).contains("GET /api/v1/no-such-route");

        HttpResponse<String> wrongMethod = call(new Route("GET", "/api/v1/agent/leases"));
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(Json.mapper().readTree(wrongMethod.body()).path("error").path("code").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void every_registered_route_is_documented_with_its_method_and_nothing_else_is() throws Exception {
        assertThat(call(new Route("GET", "/api/v1/no-such-route")).statusCode())
                .as("an unregistered route answers 404, so a route that does not is registered")
                .isEqualTo(404);
        for (Route route : ROUTES) {
            HttpResponse<String> response = call(route);
            assertThat(response.statusCode()).as("%s without credentials answers a registered route's status (%s)", route,
                    response.body()).isNotIn(404, 405);
        }

        assertThat(documentedRoutes(bundledDocument())).containsExactlyInAnyOrderElementsOf(ROUTES);
    }

    @Test
    void each_operation_documents_the_credentials_the_server_demands_and_the_answer_without_them() throws Exception {
        JsonNode document = bundledDocument();
        for (Route route : ROUTES) {
            JsonNode operation = document.path("paths").path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
            JsonNode security = operation.has("security") ? operation.get("security") : document.path("security");
            int status = call(route).statusCode();

            boolean open = security.isArray() && security.isEmpty();
            assertThat(status == 401).as("%s answers 401 without credentials exactly when the document asks for them", route)
                    .isEqualTo(!open);
            // A 5xx is what `default` documents (the job schema answers 500 while its file is missing from the build).
            JsonNode responses = operation.path("responses");
            assertThat(responses.has(Integer.toString(status)) || status >= 500 && responses.has("default"))
                    .as("%s documents the %d it answers without credentials", route, status)
                    .isTrue();
        }
    }

    @Test
    void an_alias_documents_the_same_operation_as_the_route_it_stands_for() throws Exception {
        JsonNode paths = bundledDocument().path("paths");
        for (Map.Entry<Route, Route> alias : ALIASES.entrySet()) {
            JsonNode aliasOperation = paths.path(alias.getKey().path()).path(alias.getKey().method().toLowerCase(Locale.ROOT));
            JsonNode operation = paths.path(alias.getValue().path()).path(alias.getValue().method().toLowerCase(Locale.ROOT));
            for (String part : List.of("parameters", "requestBody", "responses", "security")) {
                assertThat(aliasOperation.path(part)).as("%s of %s", part, alias.getKey()).isEqualTo(operation.path(part));
            }
        }
    }

    @Test
    void the_job_schema_is_served_without_credentials_as_json() throws Exception {
        HttpResponse<String> response = call(new Route("GET", "/api/v1/schemas/job.json"));

        assertThat(response.statusCode()).as("GET /api/v1/schemas/job.json is registered (%s)", response.body()).isNotIn(401, 404, 405);
        if (response.statusCode() == 200) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(Json.mapper().readTree(response.body()).isObject()).as("the job schema is a JSON object").isTrue();
        }
    }

    @Test
    void the_live_server_serves_the_same_document() throws Exception {
        HttpResponse<String> response = call(new Route("GET", "/api/v1/openapi.json"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(Json.mapper().readTree(response.body())).isEqualTo(bundledDocument());
    }

    private static JsonNode bundledDocument() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/anchor/openapi.json")) {
            assertThat(in).as("anchor/openapi.json on the class path").isNotNull();
            // The strict mapper: a duplicate key in the document fails here.
            return Json.mapper().readTree(in);
        }
    }

    private static List<Route> documentedRoutes(JsonNode document) {
        List<Route> routes = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (METHODS.contains(operation.getKey())) {
                routes.add(new Route(operation.getKey().toUpperCase(Locale.ROOT), path.getKey()));
            }
        }));
        return routes;
    }

    private static void collectUnresolvedReferences(JsonNode root, JsonNode node, List<String> unresolved) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && (!ref.asText().startsWith("#/") || root.at(ref.asText().substring(1)).isMissingNode())) {
                unresolved.add(ref.asText());
            }
            node.properties().forEach(child -> collectUnresolvedReferences(root, child.getValue(), unresolved));
        } else if (node.isArray()) {
            node.forEach(child -> collectUnresolvedReferences(root, child, unresolved));
        }
    }

    /** Calls a route without credentials or body; path parameters get well-formed values that name nothing. */
    private static HttpResponse<String> call(Route route) throws IOException, InterruptedException {
        String path = route.path()
                .replace("{id}", "job_00000000000000000000000000")
                .replace("{sha256}", "0".repeat(64));
        HttpRequest request = HttpRequest.newBuilder(URI.create(coordinator.url() + path))
                .method(route.method(), HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private record Route(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }
}
