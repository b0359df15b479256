package io.extauth.simulator.telephony.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.telephony.CutByOutage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallsUnitTest {

    @TempDir
    Path directory;

    @Test
    void aCallKeptByOneRunIsChangedByTheNextAndNewCallsStayNewestFirst() {
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

    @Test
    void anOutageDropsOnlyTheCallsStillRingingAndNotPastTheirEndAndTheFileKeepsThemFailed() {
        Path file = directory.resolve("state.json");
        Instant now = Instant.parse("2025-01-01T10:01:00Z");
        Calls before = new Calls(new StatePersistence(file));
        before.add("ringing", call("ringing", now.minusSeconds(30)));
        before.add("answered", call("answered", now.minusSeconds(30)));
        before.act("answered", Call::answered, call -> { });
        before.add("over", new Call("over", "+15551234567", "CHALLENGE", "ref-over", "http://127.0.0.1:1/callbacks",
                CallStatus.RINGING, now.minusSeconds(90), now.minusSeconds(1)));

        Calls after = new Calls(new StatePersistence(file));
        List<CutByOutage.Dropped> dropped = after.dropOpen(now);

        assertThat(dropped).extracting(d -> d.callback().id() + " " + d.callback().status() + " "
                + d.callback().reference()).containsExactly("ringing FAILED ref-ringing");
        assertThat(new Calls(new StatePersistence(file)).list(call -> true)).extracting(Call::callId, Call::status)
                .containsExactly(tuple("over", CallStatus.RINGING), tuple("answered", CallStatus.ANSWERED),
                        tuple("ringing", CallStatus.FAILED));
        assertThat(after.dropOpen(now)).as("a second sweep finds nothing open").isEmpty();
    }

    private static Call call(String id, Instant placedAt) {
        return new Call(id, "+15551234567", "VERIFICATION", "ref-" + id, "http://127.0.0.1:1/callbacks/calls",
                CallStatus.RINGING, placedAt, null);
    }
}
