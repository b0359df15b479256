package io.extauth.simulator.telephony.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Instant;

import io.extauth.simulator.state.StatePersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallsUnitTest {

    @TempDir
    Path directory;

    @Test
    void aCallRingingWhenTheSimulatorStoppedCanBeAnsweredAfterTheRestartAndNewCallsStayNewestFirst() {
        Path file = directory.resolve("state.json");
        Calls before = new Calls(new StatePersistence(file));
        before.add("call-1", call("call-1", Instant.parse("2025-01-01T10:00:00Z")));

        Calls after = new Calls(new StatePersistence(file));
        Call answered = after.act("call-1", Call::answered, call -> { });
        after.add("call-2", call("call-2", Instant.parse("2025-01-01T10:05:00Z")));

        assertThat(answered.status()).isEqualTo(CallStatus.ANSWERED);
        Calls third = new Calls(new StatePersistence(file));
        assertThat(third.list(call -> true)).extracting(Call::callId, Call::status)
                .containsExactly(tuple("call-2", CallStatus.RINGING),
                        tuple("call-1", CallStatus.ANSWERED));
        assertThat(third.get("call-1").placedAt()).isEqualTo(Instant.parse("2025-01-01T10:00:00Z"));
    }

    private static Call call(String id, Instant placedAt) {
        return new Call(id, "+15551234567", "VERIFICATION", "ref-" + id, "http://127.0.0.1:1/callbacks/calls",
                CallStatus.RINGING, placedAt, null);
    }
}
