/**
 * The agent protocol: how a node registers, long-polls leases, heartbeats and reports attempts.
 * Agents always connect outward to the coordinator; nodes need no inbound ports.
 */
package dev.anchor.api.agent;
