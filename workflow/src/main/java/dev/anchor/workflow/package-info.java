/**
 * Workflows without I/O: the validated DAG ({@link dev.anchor.workflow.Workflow}), CEL expressions and
 * {@code ${{ }}} templates ({@link dev.anchor.workflow.Expression}, {@link dev.anchor.workflow.Template}),
 * and the {@link dev.anchor.workflow.Planner}, a pure function from a workflow and its steps' states to
 * the decisions that move it on. The store calls the planner inside the transaction that recorded the
 * change, so every decision commits with its cause.
 */
package dev.anchor.workflow;
