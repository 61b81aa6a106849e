package dev.anchor.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorCode;
import dev.anchor.client.NodeClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent's client given several coordinators moves to the next when the current one cannot be reached. */
final class NodeClientFailoverTest {
    @TempDir
    Path data;

    @Test
    void calls_move_to_the_next_coordinator_when_the_current_one_is_unreachable() {
        try (Coordinator coordinator = Coordinator.start(CoordinatorConfig.defaults(data).withPort(0))) {
            String dead = "http://127.0.0.1:" + closedPort();
            NodeClient client = new NodeClient(List.of(dead, coordinator.url()));
            assertThat(client.currentUrl()).startsWith(dead);

            assertThat(catchThrowableOfType(AnchorException.class, () -> client.lease(1, 0)).code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(client.currentUrl()).startsWith(coordinator.url());
            // The live coordinator answers: this client never registered, so it is turned away, not unreachable.
            assertThat(catchThrowableOfType(AnchorException.class, () -> client.lease(1, 0)).code())
                    .isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(client.currentUrl()).startsWith(coordinator.url());
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
