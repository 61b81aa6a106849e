package dev.anchor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.api.AnchorException;
import dev.anchor.api.ServiceSpec;
import org.junit.jupiter.api.Test;

final class ServicePolicyTest {
    private static ServiceSpec backoff(Long initialMs, Long maxMs, Double factor) {
        return new ServiceSpec(null, new ServiceSpec.Backoff(initialMs, maxMs, factor), null);
    }

    @Test
    void defaults_restart_always_from_one_second_doubling_to_a_minute() {
        ServicePolicy policy = ServicePolicy.parse(new ServiceSpec(null, null, null));
        assertThat(policy).isEqualTo(new ServicePolicy(true, 1_000, 60_000, 2, null));
        assertThat(new long[] {policy.delayMs(1), policy.delayMs(2), policy.delayMs(6), policy.delayMs(7), policy.delayMs(1_000)})
                .containsExactly(1_000, 2_000, 32_000, 60_000, 60_000);
    }

    @Test
    void a_policy_round_trips_through_its_stored_json() {
        ServicePolicy policy = ServicePolicy.parse(new ServiceSpec("on-failure", new ServiceSpec.Backoff(0L, 500L, 1.5), 7));
        assertThat(ServicePolicy.fromJson(policy.toJson())).isEqualTo(policy);
        assertThat(policy.delayMs(3)).isZero();
    }

    @Test
    void each_bad_value_is_refused_naming_its_field() {
        assertField(new ServiceSpec("sometimes", null, null), "service.restart");
        assertField(backoff(-1L, null, null), "service.backoff.initialMs");
        assertField(backoff(5_000L, 4_000L, null), "service.backoff.maxMs");
        assertField(backoff(null, 0L, null), "service.backoff.maxMs");
        assertField(backoff(null, 86_400_001L, null), "service.backoff.maxMs");
        assertField(backoff(null, null, 0.5), "service.backoff.factor");
        assertField(backoff(null, null, Double.NaN), "service.backoff.factor");
        assertField(new ServiceSpec(null, null, -1), "service.maxRestarts");
    }

    @Test
    void a_large_initial_delay_raises_the_default_cap_to_it() {
        assertThat(ServicePolicy.parse(backoff(120_000L, null, null)).maxMs()).isEqualTo(120_000);
    }

    private static void assertField(ServiceSpec spec, String field) {
        assertThatThrownBy(() -> ServicePolicy.parse(spec)).isInstanceOfSatisfying(AnchorException.class,
                e -> assertThat(e.getMessage()).startsWith(field + ": "));
    }
}
