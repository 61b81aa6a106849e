/**
 * The coordinator: the HTTP API under {@code /api/v1}, authentication, the agent protocol's server
 * side, lease sweeping and the in-process signals that make long polls answer at once.
 * {@link dev.anchor.coordinator.Coordinator} wires the parts; it holds no state outside its store.
 */
package dev.anchor.coordinator;
