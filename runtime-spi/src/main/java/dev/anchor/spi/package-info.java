/**
 * The runtime service-provider interface: what a sandbox that runs one task implements.
 *
 * <p>An agent discovers {@link dev.anchor.spi.RuntimeProvider}s with {@link java.util.ServiceLoader},
 * asks each whether it works on this node, and advertises the names of those that do. For each leased
 * task it calls {@link dev.anchor.spi.Runtime#run(TaskContext)} on a thread of its own; the runtime
 * enforces the task's {@link dev.anchor.spi.Limits} itself and reports what it used in
 * {@link dev.anchor.spi.Usage}. This module depends on the JDK only.
 */
package dev.anchor.spi;
