package dev.anchor.runtime.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** Connects to a Docker engine and says, in one line, why an engine call failed. */
final class DockerEngine {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private DockerEngine() {}

    /**
     * A client for the engine at {@code host}. TLS settings come from {@code DOCKER_TLS_VERIFY} and
     * {@code DOCKER_CERT_PATH} as for the docker CLI. No response timeout: attach and wait calls
     * stream for as long as a task runs, and the run bounds them itself.
     */
    static DockerClient connect(URI host) {
        return connect(host, null);
    }

    private static DockerClient connect(URI host, Duration responseTimeout) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host.toString()).build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(256)
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(responseTimeout)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** Pings the engine; empty when it answers, else why not. Takes at most a few seconds. */
    static Optional<String> problem(URI host) {
        try (var docker = connect(host, PROBE_TIMEOUT)) {
            docker.pingCmd().exec();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("no Docker engine answers at " + host + ": " + describe(e)
                    + "; start dockerd (scripts/docker-test-setup.sh does) or set DOCKER_HOST");
        }
    }

    /** The engine's own message when it sent one, else the deepest cause's. */
    static String describe(Throwable error) {
        var text = String.valueOf(error.getMessage());
        var message = MESSAGE.matcher(text);
        if (message.find()) return message.group(1).replace("\\\"", "\"").replace("\\n", " ").trim();
        var root = error;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        var detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return detail.replace('\n', ' ').trim();
    }
}
