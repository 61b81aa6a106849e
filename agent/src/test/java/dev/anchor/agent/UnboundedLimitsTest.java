package dev.anchor.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.LimitsSpec;
import dev.anchor.spi.Limits;
import org.junit.jupiter.api.Test;

/** A service's task without a wall-clock limit (timeoutMs 0, docs/services.md) runs under a limit no run reaches. */
final class UnboundedLimitsTest {
    @Test
    void timeout_zero_becomes_ten_years_and_others_are_kept() {
        Limits limits = AttemptRunner.limits(new LimitsSpec(64, 0L, null, null, null, null));
        assertThat(limits.timeoutMs()).isEqualTo(AttemptRunner.UNBOUNDED_MS).isEqualTo(315_360_000_000L);
        assertThat(limits.memoryMb()).isEqualTo(64);
        assertThat(AttemptRunner.limits(new LimitsSpec(null, 5_000L, null, null, null, null)).timeoutMs()).isEqualTo(5_000);
        assertThat(AttemptRunner.limits(null).timeoutMs()).isEqualTo(Limits.DEFAULT.timeoutMs());
    }

    @Test
    void the_unbounded_limit_leaves_nanosecond_deadlines_far_from_overflow() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(AttemptRunner.UNBOUNDED_MS + 60_000);
        assertThat(deadline - System.nanoTime()).isPositive();
    }
}
