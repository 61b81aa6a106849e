package dev.anchor.api;

/**
 * How a service's task is doing (docs/services.md), shown in {@link TaskView#service()}.
 *
 * @param restarts       how many times the task was started again, for any reason
 * @param restartsInARow restarts since the last run that lasted longer than {@code backoff.maxMs}; what
 *                       {@code maxRestarts} bounds and the backoff grows with
 * @param lastExit       how the previous run ended ({@code FAILED: exit status 1}, {@code lost: lease expired ...});
 *                       null before the first restart
 * @param nextStartAt    while waiting out a backoff: when the task becomes leasable again (epoch ms); else null
 */
public record ServiceStatus(int restarts, int restartsInARow, String lastExit, Long nextStartAt) {}
