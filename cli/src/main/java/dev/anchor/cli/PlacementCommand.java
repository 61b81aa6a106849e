package dev.anchor.cli;

import dev.anchor.api.PlacementView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Why a job's tasks are still queued ({@code GET /api/v1/jobs/{id}/placement}, docs/scheduling.md). */
@Command(name = "placement", mixinStandardHelpOptions = true,
        description = {"Show why a job's READY tasks wait: how many live nodes could run each, and which requirement none meets."})
final class PlacementCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Parameters(index = "0", paramLabel = "JOB", description = "the job id")
    String jobId;

    @Override
    public Integer call() {
        System.out.print(render(options.client().placement(jobId)));
        return ExitCodes.OK;
    }

    /** The view as text: one block per waiting task, or one line when none waits. */
    static String render(PlacementView view) {
        if (view.tasks().isEmpty()) return "no task of " + Terminal.inert(view.jobId()) + " is waiting to be placed\n";
        StringBuilder out = new StringBuilder();
        for (PlacementView.Task task : view.tasks()) {
            out.append(Terminal.inert(task.taskId())).append("  waiting ").append(seconds(task.waitingMs())).append("  eligible nodes ")
                    .append(task.eligibleNodes()).append('\n');
            out.append("    ").append(Terminal.inert(task.reason())).append('\n');
            for (String unmet : task.unmet()) out.append("    - ").append(Terminal.inert(unmet)).append('\n');
        }
        return out.toString();
    }

    private static String seconds(long ms) {
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
