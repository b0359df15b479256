package io.extauth.localstack.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class StatusTableUnitTest {

    @Test
    void theTableShowsEachProcessWithPidStateMemoryAndAddressAndTheTotal() {
        String table = StatusTable.render(List.of(
                new StatusTable.Row("kafka-1", 4242L, Supervisor.State.READY, 410, "127.0.0.1:19001"),
                new StatusTable.Row("order-service-2", null, Supervisor.State.STOPPED, 0, "http://127.0.0.1:19042")));

        assertThat(table.lines()).containsExactly(
                "  NAME                     PID      STATE       MEMORY  ADDRESS",
                "  kafka-1                  4242     ready      410 MiB  127.0.0.1:19001",
                "  order-service-2          -        stopped          -  http://127.0.0.1:19042",
                "  1 of 2 running, 410 MiB in all (proportional set size)");
    }
}
