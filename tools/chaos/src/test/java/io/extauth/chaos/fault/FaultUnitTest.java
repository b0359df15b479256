package io.extauth.chaos.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaultUnitTest {

    @Test
    void freezeFreezesEachServiceInstanceInTurnAndFreezeOfAnInstanceThatOneAlone() {
        assertThat(Fault.parse(List.of("freeze"))).extracting(Fault::kind).hasSize(8).containsOnly(Fault.Kind.FREEZE);
        assertThat(Fault.parse(List.of("freeze"))).extracting(Fault::target)
                .containsExactlyElementsOf(Fault.SERVICE_INSTANCES);
        assertThat(Fault.parse(List.of("freeze-challenge-service-1", "challenge-service-1"))).containsExactly(
                new Fault("freeze challenge-service-1", Fault.Kind.FREEZE, "challenge-service-1"),
                new Fault("kill -9 challenge-service-1", Fault.Kind.KILL, "challenge-service-1"));
    }

    @Test
    void onlyServiceInstancesAreFrozen() {
        assertThatThrownBy(() -> Fault.parse(List.of("freeze-kafka-1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown fault 'freeze-kafka-1'").hasMessageContaining("freeze-<instance>");
        assertThatThrownBy(() -> Fault.parse(List.of("freeze-postgres")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void skewOfAServiceInstanceRunsThatOneOnAHostClockThatIsOffAndOnlyByName() {
        assertThat(Fault.parse(List.of("skew-notification-service-1"))).containsExactly(
                new Fault("skew notification-service-1", Fault.Kind.SKEW, "notification-service-1"));
        assertThat(Fault.ALL).as("it needs libfaketime: only by name").doesNotContain("skew");
        assertThatThrownBy(() -> Fault.parse(List.of("skew-mail"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("skew-<instance>");
    }

    @Test
    void aSkewOrClockSourceTheClusterWouldRefuseIsRefusedBeforeAnyInstanceStops() {
        Fault.checkSkew("-45s", null);
        Fault.checkSkew("+2m", "HOST");
        assertThatThrownBy(() -> Fault.checkSkew("45x", null)).hasMessageContaining("e.g. -45s, +2m");
        assertThatThrownBy(() -> Fault.checkSkew("-45s", "hots")).hasMessageContaining("database or host");
    }
}
