package io.extauth.simulator.telephony.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.telephony.TelephonyProperties;
import io.extauth.simulator.telephony.CutByOutage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.ErrorResponseException;

class CallsUnitTest {

    @TempDir
    Path directory;

    @Test
    void aCallKeptByOneRunIsChangedByTheNextAndNewCallsStayNewestFirst() {
        Path file = directory.resolve("state.json");
        Calls before = new Calls(new StatePersistence(file), TelephonyProperties.DEFAULTS, Clock.systemUTC());
        before.add("call-1", call("call-1", Instant.parse("2025-01-01T10:00:00Z")));

        Calls after = new Calls(new StatePersistence(file), TelephonyProperties.DEFAULTS, Clock.systemUTC());
        Call answered = after.act("call-1", Call::answered, call -> { });
        after.add("call-2", call("call-2", Instant.parse("2025-01-01T10:05:00Z")));

        assertThat(answered.status()).isEqualTo(CallStatus.ANSWERED);
        Calls third = new Calls(new StatePersistence(file), TelephonyProperties.DEFAULTS, Clock.systemUTC());
        assertThat(third.list()).extracting(Call::callId, Call::status)
                .containsExactly(tuple("call-2", CallStatus.RINGING),
                        tuple("call-1", CallStatus.ANSWERED));
        assertThat(third.get("call-1").placedAt()).isEqualTo(Instant.parse("2025-01-01T10:00:00Z"));
    }

    @Test
    void aCallKeepsWhatItSaysAcrossARestartAndOneKeptByTheVersionBeforeWhichSaidNothingIsStillRead() throws Exception {
        Path file = directory.resolve("state.json");
        Instant at = Instant.parse("2025-01-01T10:00:00Z");
        new Calls(new StatePersistence(file), TelephonyProperties.DEFAULTS, Clock.systemUTC()).add("said",
                new Call("said", "+15551234567", "CHALLENGE", "Someone is signing in.", "ref-said",
                        "http://127.0.0.1:1/c", CallStatus.RINGING, at, null));

        assertThat(new Calls(new StatePersistence(file), TelephonyProperties.DEFAULTS, Clock.systemUTC()).get("said")
                .message()).isEqualTo("Someone is signing in.");

        String kept = Files.readString(file);
        String before = kept.replace("\"message\":\"Someone is signing in.\",", "");
        assertThat(before).as("the file as the version before wrote it").isNotEqualTo(kept).doesNotContain("message");
        Files.writeString(file, before);
        Call read = new Calls(new StatePersistence(file), TelephonyProperties.DEFAULTS, Clock.systemUTC()).get("said");
        assertThat(read.message()).isNull();
        assertThat(read.reference()).isEqualTo("ref-said");
    }

    @Test
    void anOutageDropsOnlyTheCallsStillRingingAndNotPastTheirEndAndTheFileKeepsThemFailed() {
        Path file = directory.resolve("state.json");
        Instant now = Instant.parse("2025-01-01T10:01:00Z");
        Calls before = new Calls(new StatePersistence(file), TelephonyProperties.DEFAULTS, Clock.systemUTC());
        before.add("ringing", call("ringing", now.minusSeconds(30)));
        before.add("answered", call("answered", now.minusSeconds(30)));
        before.act("answered", Call::answered, call -> { });
        before.add("over", new Call("over", "+15551234567", "CHALLENGE", null, "ref-over",
                "http://127.0.0.1:1/callbacks", CallStatus.RINGING, now.minusSeconds(90), now.minusSeconds(1)));

        Calls after = new Calls(new StatePersistence(file), TelephonyProperties.DEFAULTS, Clock.systemUTC());
        List<CutByOutage.Dropped> dropped = after.dropOpen(now);

        assertThat(dropped).extracting(d -> d.callback().id() + " " + d.callback().status() + " "
                + d.callback().reference()).containsExactly("ringing FAILED ref-ringing");
        assertThat(new Calls(new StatePersistence(file), TelephonyProperties.DEFAULTS, Clock.systemUTC()).list()).extracting(Call::callId, Call::status)
                .containsExactly(tuple("over", CallStatus.RINGING), tuple("answered", CallStatus.ANSWERED),
                        tuple("ringing", CallStatus.FAILED));
        assertThat(after.dropOpen(now)).as("a second sweep finds nothing open").isEmpty();
    }

    @Test
    void aLineOrAReferenceIsListedFromItsOwnCallsNewestFirstAlsoAfterARestart() {
        Path file = directory.resolve("state.json");
        Calls before = new Calls(new StatePersistence(file), TelephonyProperties.DEFAULTS, Clock.systemUTC());
        Instant at = Instant.parse("2025-01-01T10:00:00Z");
        before.add("a", new Call("a", "+15551234567;ext=12", "CHALLENGE", null, "ref-a", "http://127.0.0.1:1/c",
                CallStatus.RINGING, at, null));
        before.add("other", new Call("other", "+15559999999", "CHALLENGE", null, "ref-other", "http://127.0.0.1:1/c",
                CallStatus.RINGING, at, null));

        Calls after = new Calls(new StatePersistence(file), TelephonyProperties.DEFAULTS, Clock.systemUTC());
        after.add("b", new Call("b", "+15551234567", "CHALLENGE", null, "ref-b", "http://127.0.0.1:1/c",
                CallStatus.RINGING, at.plusSeconds(1), null));

        assertThat(after.to("+15551234567")).extracting(Call::callId).containsExactly("b", "a");
        assertThat(after.to("+15559999999")).extracting(Call::callId).containsExactly("other");
        assertThat(after.to("+15550000000")).isEmpty();
        assertThat(after.withReference("ref-a")).extracting(Call::callId).containsExactly("a");
        assertThat(after.addOnce("a-again", new Call("a-again", "+15551234567;ext=12", "CHALLENGE", null, "ref-a",
                "http://127.0.0.1:1/c", CallStatus.RINGING, at.plusSeconds(2), null)).callId())
                .as("a second call for a reference placed before the restart is the same call").isEqualTo("a");
        assertThat(after.list()).extracting(Call::callId).containsExactly("b", "other", "a");
    }

    @Test
    void cancellingAReferenceChangesOnlyItsOwnCalls() {
        Calls calls = new Calls(new StatePersistence(directory.resolve("state.json")), TelephonyProperties.DEFAULTS,
                Clock.systemUTC());
        Instant now = Instant.parse("2025-01-01T10:00:00Z");
        calls.add("mine", new Call("mine", "+15551234567", "CHALLENGE", null, "ref-mine", "http://127.0.0.1:1/c",
                CallStatus.RINGING, now, null));
        calls.add("theirs", new Call("theirs", "+15551234567", "CHALLENGE", null, "ref-theirs", "http://127.0.0.1:1/c",
                CallStatus.RINGING, now, null));

        assertThat(calls.cancel("ref-mine", now)).isEqualTo(1);

        assertThat(calls.list()).extracting(Call::callId, Call::status).containsExactly(
                tuple("theirs", CallStatus.RINGING), tuple("mine", CallStatus.CANCELLED));
    }

    @Test
    void afterAResetACallForAnEarlierReferenceRingsAnewAndIsFoundByItsLineAndReference() {
        Calls calls = new Calls(new StatePersistence(directory.resolve("state.json")), TelephonyProperties.DEFAULTS,
                Clock.systemUTC());
        Instant now = Instant.parse("2025-01-01T10:00:00Z");
        Call first = new Call("first", "+15551234567", "CHALLENGE", null, "ref-1", "http://127.0.0.1:1/c",
                CallStatus.RINGING, now, null);
        calls.addOnce("first", first);
        calls.act("first", Call::answered, answered -> calls.clear());

        Call again = new Call("again", "+15551234567", "CHALLENGE", null, "ref-1", "http://127.0.0.1:1/c",
                CallStatus.RINGING, now.plusSeconds(1), null);

        assertThat(calls.list()).as("a reset while a user acted is not undone by the action").isEmpty();
        assertThat(calls.addOnce("again", again).callId()).isEqualTo("again");
        assertThat(calls.to("+15551234567")).extracting(Call::callId).containsExactly("again");
        assertThat(calls.withReference("ref-1")).extracting(Call::callId).containsExactly("again");
    }

    @Test
    void onceMoreThanKeptAreOverTheOldestOverAreForgottenEverywhereAndAnOpenCallIsKept() {
        Instant now = Instant.parse("2025-01-01T10:00:00Z");
        Path file = directory.resolve("state.json");
        Calls calls = new Calls(new StatePersistence(file), new TelephonyProperties(3),
                Clock.fixed(now, ZoneOffset.UTC));
        calls.add("still-ringing", call("still-ringing", now.minusSeconds(60)));
        for (int i = 1; i <= 6; i++) {
            calls.add("c" + i, call("c" + i, now.minusSeconds(50 - i)));
            calls.act("c" + i, Call::answered, call -> { });
        }

        assertThat(calls.list()).extracting(Call::callId).as("the 3 kept: the newest 2 over and the open one")
                .containsExactly("c6", "c5", "still-ringing");
        assertThat(calls.to("+15551234567")).extracting(Call::callId).containsExactly("c6", "c5", "still-ringing");
        assertThat(calls.withReference("ref-c1")).as("a forgotten call's reference finds nothing").isEmpty();
        assertThatThrownBy(() -> calls.get("c4")).isInstanceOfSatisfying(ErrorResponseException.class,
                problem -> assertThat(problem.getBody().getProperties()).containsEntry("code", "CALL_UNKNOWN"));
        assertThat(new Calls(new StatePersistence(file), TelephonyProperties.DEFAULTS, Clock.systemUTC()).list())
                .extracting(Call::callId).as("the state file holds only what is kept")
                .containsExactly("c6", "c5", "still-ringing");
    }

    @Test
    void aCallPastItsEndIsOverAndOpenCallsAreNeverForgottenHoweverMany() {
        Instant now = Instant.parse("2025-01-01T10:00:00Z");
        Calls calls = new Calls(new StatePersistence(directory.resolve("state.json")), new TelephonyProperties(2),
                Clock.fixed(now, ZoneOffset.UTC));
        calls.add("expired", new Call("expired", "+15550000001", "CHALLENGE", null, "ref-expired",
                "http://127.0.0.1:1/c", CallStatus.RINGING, now.minusSeconds(90), now.minusSeconds(1)));
        for (int i = 1; i <= 200; i++) {
            calls.add("open-" + i, new Call("open-" + i, "+15550000002", "CHALLENGE", null, "ref-open-" + i,
                    "http://127.0.0.1:1/c", CallStatus.RINGING, now.minusSeconds(30), now.plusSeconds(30)));
        }

        assertThat(calls.list()).as("every open call kept, the expired one forgotten behind 64 of them").hasSize(200)
                .extracting(Call::callId).doesNotContain("expired");
        assertThat(calls.to("+15550000001")).isEmpty();
        calls.act("open-7", Call::answered, call -> { });
        for (int i = 1; i <= 4; i++) { // 64 looks per add: four reach every one of the 201
            calls.add("more-" + i, call("more-" + i, now));
        }
        assertThat(calls.list()).extracting(Call::callId).as("the one answered since is forgotten, no open one")
                .hasSize(203).doesNotContain("open-7").contains("more-4", "open-1", "open-200");
    }

    @Test
    void aStartWithFewerKeptThanTheFileHoldsForgetsTheOldestOverAtOnce() {
        Instant now = Instant.parse("2025-01-01T10:00:00Z");
        Path file = directory.resolve("state.json");
        Calls before = new Calls(new StatePersistence(file), TelephonyProperties.DEFAULTS, Clock.systemUTC());
        for (int i = 1; i <= 5; i++) {
            before.add("c" + i, call("c" + i, now.minusSeconds(10 - i)));
            before.act("c" + i, Call::answered, call -> { });
        }

        Calls after = new Calls(new StatePersistence(file), new TelephonyProperties(2), Clock.fixed(now, ZoneOffset.UTC));

        assertThat(after.list()).extracting(Call::callId).containsExactly("c5", "c4");
    }

    private static Call call(String id, Instant placedAt) {
        return new Call(id, "+15551234567", "VERIFICATION", null, "ref-" + id, "http://127.0.0.1:1/callbacks/calls",
                CallStatus.RINGING, placedAt, null);
    }
}
