/**
 * The {@code anchor} command: one binary with a subcommand per role (server, agent, up) and per user
 * action (run, submit, status, logs, cancel, nodes, users). The one place where concrete parts are
 * wired together for a process.
 */
package dev.anchor.cli;
