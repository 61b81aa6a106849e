/**
 * The agent: a node's identity (an Ed25519 key pair whose fingerprint is the node id), the lease loop,
 * the runtime host that runs each attempt on a thread of its own, heartbeats, and the reporter that
 * ships attempt reports in ordered batches and retries them until the coordinator has them.
 */
package dev.anchor.agent;
