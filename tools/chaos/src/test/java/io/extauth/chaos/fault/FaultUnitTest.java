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
}
