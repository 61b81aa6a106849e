package dev.anchor.store;

import static java.util.Objects.requireNonNull;

/** An authenticated user. {@code role} is {@code admin} or {@code user}. */
public record Principal(String userId, String name, String role) {
    public Principal {
        requireNonNull(userId, "userId is null");
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
    }

    public boolean isAdmin() {
        return "admin".equals(role);
    }
}
