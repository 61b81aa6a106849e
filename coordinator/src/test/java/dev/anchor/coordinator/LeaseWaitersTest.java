package dev.anchor.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who is woken when work may be ready: one poll per signal, passed on while hops last, never lost. */
final class LeaseWaitersTest {
    private final LeaseWaiters waiters = new LeaseWaiters(() -> false, 60_000);

    @AfterEach
    void close() {
        waiters.close();
    }

    private List<LeaseWaiters.Waiter> queue(int count) {
        List<LeaseWaiters.Waiter> joined = new ArrayList<>();
        for (int i = 0; i < count; i++) joined.add(waiters.join());
        return joined;
    }

    private static boolean woken(LeaseWaiters.Waiter waiter) throws InterruptedException {
        return waiter.await(0);
    }

    @Test
    void a_signal_wakes_only_the_longest_waiting_poll() throws Exception {
        List<LeaseWaiters.Waiter> polls = queue(100);

        waiters.signal();

        assertThat(woken(polls.get(0))).isTrue();
        for (LeaseWaiters.Waiter other : polls.subList(1, 100)) assertThat(woken(other)).isFalse();
        assertThat(waiters.waiting()).isEqualTo(99);
    }

    @Test
    void a_signal_with_no_poll_waiting_is_kept_for_the_next_one() throws Exception {
        waiters.signal();
        waiters.signal();

        assertThat(woken(waiters.join())).isTrue();
        assertThat(woken(waiters.join())).isTrue();
        assertThat(woken(waiters.join())).as("two signals wake two polls").isFalse();
    }

    @Test
    void a_wake_that_finds_nothing_is_passed_on_while_its_hops_last() throws Exception {
        List<LeaseWaiters.Waiter> polls = queue(LeaseWaiters.HOPS + 5);
        waiters.signal();
        int woken = 0;
        for (LeaseWaiters.Waiter poll : polls) {
            if (!woken(poll)) break;
            woken++;
            waiters.passOn(poll); // found nothing it could run
        }
        assertThat(woken).isEqualTo(LeaseWaiters.HOPS);
        assertThat(waiters.waiting()).isEqualTo(5);
    }

    @Test
    void a_poll_that_saw_more_work_wakes_the_next() throws Exception {
        List<LeaseWaiters.Waiter> polls = queue(3);

        waiters.more();

        assertThat(woken(polls.get(0))).isTrue();
        assertThat(woken(polls.get(1))).isFalse();
        waiters.leave(polls.get(1));
        waiters.more();
        assertThat(woken(polls.get(2))).as("a poll that left is skipped").isTrue();
    }
}
