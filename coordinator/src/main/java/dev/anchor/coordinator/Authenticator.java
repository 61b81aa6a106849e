package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorCode;
import dev.anchor.store.NodeStore;
import dev.anchor.store.Principal;
import dev.anchor.store.UserStore;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;

/**
 * Who is calling: a user by API key or a node by session token, both as {@code Authorization: Bearer}.
 * Answers are cached briefly, keyed by the secret itself, so a hot client costs no query per request;
 * a node's re-registration invalidates its old token at once.
 */
final class Authenticator {
    private final UserStore users;
    private final NodeStore nodes;
    private final Cache<String, Optional<Principal>> userCache =
            Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30)).build();
    private final Cache<String, Optional<String>> nodeCache =
            Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30)).build();

    Authenticator(UserStore users, NodeStore nodes) {
        this.users = requireNonNull(users, "users is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
    }

    Principal user(Context ctx) {
        String key = bearer(ctx, "an API key");
        return userCache.get(key, users::authenticate)
                .orElseThrow(() -> new AnchorException(ErrorCode.UNAUTHENTICATED, "the API key is not valid"));
    }

    Principal admin(Context ctx) {
        Principal principal = user(ctx);
        if (!principal.isAdmin()) throw new AnchorException(ErrorCode.FORBIDDEN, "this needs the admin role");
        return principal;
    }

    String node(Context ctx) {
        String token = bearer(ctx, "a node token");
        return nodeCache.get(token, nodes::authenticate)
                .orElseThrow(() -> new AnchorException(ErrorCode.UNAUTHENTICATED,
                        "the node token is not valid (the node registered again, or never did)"));
    }

    void forgetNodeTokens() {
        nodeCache.invalidateAll();
    }

    private static String bearer(Context ctx, String what) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new AnchorException(ErrorCode.UNAUTHENTICATED, "missing Authorization header; send 'Authorization: Bearer' with " + what);
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw new AnchorException(ErrorCode.UNAUTHENTICATED, "the Authorization header must be 'Bearer <" + what + ">'");
        }
        return header.substring(7).trim();
    }
}
