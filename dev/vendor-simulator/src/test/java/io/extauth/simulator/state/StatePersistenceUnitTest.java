package io.extauth.simulator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatePersistenceUnitTest {

    @TempDir
    Path directory;

    /** A toy store: a list of words. */
    static final class Words implements PersistentState<List<String>> {

        private final String key;
        private final List<String> words = new ArrayList<>();

        Words(String key) {
            this.key = key;
        }

        @Override
        public String stateKey() {
            return key;
        }

        @Override
        public JavaType stateType(TypeFactory types) {
            return types.constructCollectionType(List.class, String.class);
        }

        @Override
        public List<String> snapshot() {
            return List.copyOf(words);
        }

        @Override
        public void restore(List<String> state) {
            words.addAll(state);
        }
    }

    /** A first run with two stores, the calls ("ringing") and the users ("jane"), that wrote its state file. */
    private Path firstRunWroteACallAndAUser() {
        Path file = directory.resolve("simulator/state.json");
        StatePersistence first = new StatePersistence(file);
        Words calls = new Words("calls");
        Words users = new Words("users");
        first.register(calls);
        first.register(users);
        calls.words.add("ringing");
        users.words.add("jane");
        first.changed();
        return file;
    }

    @Test
    void aStoreGetsBackWhatTheLastRunWroteAndAStoreNotRegisteredYetKeepsItsPart() throws IOException {
        Path file = firstRunWroteACallAndAUser();

        StatePersistence second = new StatePersistence(file);
        Words callsAgain = new Words("calls");
        second.register(callsAgain);
        callsAgain.words.add("answered");
        second.changed();

        Words usersAgain = new Words("users");
        new StatePersistence(file).register(usersAgain);
        Words callsThird = new Words("calls");
        new StatePersistence(file).register(callsThird);
        assertThat(usersAgain.words).containsExactly("jane");
        assertThat(callsThird.words).containsExactly("ringing", "answered");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file is left behind").containsExactly(file);
        }
    }

    @Test
    void aRegisteredStoresPartOfTheFileIsNotKeptTwiceButAnUnregisteredOnesStillIs() {
        Path file = firstRunWroteACallAndAUser();

        StatePersistence second = new StatePersistence(file);
        assertThat(second.keptForUnregistered()).containsExactly("calls", "users");
        Words callsAgain = new Words("calls");
        second.register(callsAgain);
        // the calls are the store's now: the file's copy of them is dropped, the users' part waits for its store
        assertThat(second.keptForUnregistered()).containsExactly("users");
        callsAgain.words.add("answered");
        second.changed();
        second.changed();

        Words usersAgain = new Words("users");
        Words callsThird = new Words("calls");
        StatePersistence third = new StatePersistence(file);
        third.register(usersAgain);
        third.register(callsThird);
        assertThat(callsThird.words).containsExactly("ringing", "answered");
        assertThat(usersAgain.words).containsExactly("jane");
        assertThat(third.keptForUnregistered()).isEmpty();
    }

    @Test
    void withAWriteDelayChangesWaitAndGoOutTogetherAndFlushWritesThemAtOnce() {
        Path file = directory.resolve("delayed/state.json");
        StatePersistence persistence = new StatePersistence(file, java.time.Duration.ofMinutes(10));
        Words calls = new Words("calls");
        persistence.register(calls);
        for (int i = 0; i < 1000; i++) {
            calls.words.add("call-" + i);
            persistence.changed();
        }

        assertThat(file).as("nothing written before the delay").doesNotExist();
        persistence.flush();

        Words again = new Words("calls");
        new StatePersistence(file).register(again);
        assertThat(again.words).hasSize(1000).endsWith("call-999");
    }

    /** A store whose snapshot's JSON waits until the test lets it go: a write that is slow to reach the file. */
    static final class HeldWrite implements PersistentState<Object> {

        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String stateKey() {
            return "held";
        }

        @Override
        public JavaType stateType(TypeFactory types) {
            return types.constructType(String.class);
        }

        @Override
        public Object snapshot() {
            return new Object() {
                @JsonValue
                String value() throws InterruptedException {
                    writing.countDown();
                    release.await();
                    return "written";
                }
            };
        }

        @Override
        public void restore(Object state) {
        }
    }

    @Test
    void aChangeDoesNotWaitForAWriteUnderWayAndIsWrittenByTheNext() throws Exception {
        Path file = directory.resolve("held/state.json");
        StatePersistence persistence = new StatePersistence(file, java.time.Duration.ofMillis(10));
        HeldWrite held = new HeldWrite();
        Words calls = new Words("calls");
        persistence.register(held);
        persistence.register(calls);
        persistence.changed();
        assertThat(held.writing.await(10, TimeUnit.SECONDS)).as("the first write has taken its snapshot").isTrue();

        calls.words.add("placed while the first write was under way");
        CompletableFuture<Void> change = CompletableFuture.runAsync(persistence::changed);
        try {
            // the old persistence held its lock for the whole write: this change waited until the write was let go
            assertThatCode(() -> change.get(5, TimeUnit.SECONDS)).as("a change while a write is under way")
                    .doesNotThrowAnyException();
        } finally {
            held.release.countDown();
        }

        await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            Words again = new Words("calls");
            new StatePersistence(file).register(again);
            assertThat(again.words).as("the change made during the first write, in the next")
                    .containsExactly("placed while the first write was under way");
        });
    }

    @Test
    void aSlowWriteStretchesTheWaitBeforeTheNextSoWritingTakesAtMostAShareOfACore() {
        java.time.Duration delay = java.time.Duration.ofMillis(250);

        assertThat(StatePersistence.delayAfter(delay, java.time.Duration.ZERO)).isEqualTo(delay);
        assertThat(StatePersistence.delayAfter(delay, java.time.Duration.ofMillis(5))).isEqualTo(delay);
        assertThat(StatePersistence.delayAfter(delay, java.time.Duration.ofMillis(150)))
                .as("a 150 ms write (a state of many megabytes) is followed by a wait of 20 times as long")
                .isEqualTo(java.time.Duration.ofSeconds(3));

        StatePersistence persistence = new StatePersistence(directory.resolve("slow/state.json"),
                java.time.Duration.ofNanos(1));
        Words calls = new Words("calls");
        persistence.register(calls);
        assertThat(persistence.nextWriteDelay()).as("nothing written yet").isEqualTo(java.time.Duration.ofNanos(1));
        for (int i = 0; i < 20_000; i++) {
            calls.words.add("call-" + i);
        }
        persistence.close();
        assertThat(persistence.nextWriteDelay()).as("the write took longer than a nanosecond")
                .isGreaterThanOrEqualTo(java.time.Duration.ofNanos(20));
    }

    @Test
    void withoutAFileEveryRunStartsEmpty() {
        StatePersistence first = StatePersistence.inMemoryOnly();
        Words calls = new Words("calls");
        first.register(calls);
        calls.words.add("ringing");
        first.changed();

        Words again = new Words("calls");
        StatePersistence.inMemoryOnly().register(again);

        assertThat(again.words).isEmpty();
    }

    @Test
    void anUnreadableFileStopsTheStartNamingTheFileAndTheWayOut() throws IOException {
        Path file = Files.writeString(directory.resolve("state.json"), "{\"calls\": [");

        assertThatThrownBy(() -> new StatePersistence(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("./extauth reset");
    }

    @Test
    void aPartIsKeptAsItsTextSoBracesQuotesAndNonAsciiInItSurviveRewritesUnchanged() throws IOException {
        // the file is cut into its top-level parts by where each begins and ends, not read as one tree
        String tricky = "Zoë said \\\"}{][\\\", then \\\\ and \u2603";
        Path file = Files.writeString(directory.resolve("state.json"), "{\"version\":1,\"savedAt\":\"2026-12-01T12:00:00Z\","
                + "\"kept\":{\"nested\":[{\"text\":\"" + tricky + "\"},[],{}],\"n\":-1.5e3,\"none\":null},"
                + "\"calls\":[\"" + tricky + "\",\"ringing\"]}");

        StatePersistence second = new StatePersistence(file);
        assertThat(second.savedAt()).hasValue(java.time.Instant.parse("2026-12-01T12:00:00Z"));
        Words calls = new Words("calls");
        second.register(calls);
        assertThat(calls.words).containsExactly("Zoë said \"}{][\", then \\ and \u2603", "ringing");
        calls.words.add("answered");
        second.changed();
        new StatePersistence(file).register(new Words("calls"));
        second.changed();

        StatePersistence third = new StatePersistence(file);
        assertThat(third.keptForUnregistered()).containsExactly("calls", "kept");
        Words callsAgain = new Words("calls");
        third.register(callsAgain);
        assertThat(callsAgain.words).containsExactly("Zoë said \"}{][\", then \\ and \u2603", "ringing", "answered");
        assertThat(Files.readString(file)).as("the unregistered part, as the first run wrote it")
                .contains("\"kept\":{\"nested\":[{\"text\":\"" + tricky + "\"},[],{}],\"n\":-1.5e3,\"none\":null}");
    }

    @Test
    void aFileThatIsNoObjectHasMoreAfterItIsNotUtf8OrHasAPartOfTheWrongShapeStopsTheStartNamingWhat() throws IOException {
        Path list = Files.writeString(directory.resolve("list.json"), "[\"calls\"]");
        assertThatThrownBy(() -> new StatePersistence(list))
                .hasMessageContaining(list.toString()).hasMessageContaining("not a JSON object");

        Path trailing = Files.writeString(directory.resolve("trailing.json"), "{\"calls\":[]} []");
        assertThatThrownBy(() -> new StatePersistence(trailing))
                .hasMessageContaining(trailing.toString()).hasMessageContaining("./extauth reset");

        Path utf16 = Files.writeString(directory.resolve("utf16.json"), "{\"calls\":[\"ringing\"]}",
                java.nio.charset.StandardCharsets.UTF_16);
        assertThatThrownBy(() -> new StatePersistence(utf16))
                .hasMessageContaining(utf16.toString()).hasMessageContaining("./extauth reset");

        Path shape = Files.writeString(directory.resolve("shape.json"), "{\"calls\":{\"ringing\":true}}");
        StatePersistence persistence = new StatePersistence(shape);
        assertThatThrownBy(() -> persistence.register(new Words("calls")))
                .hasMessageContaining("'calls'").hasMessageContaining("./extauth reset");
    }

    @Test
    void aPartThatCannotBeReadIsLeftAsItWasInTheFileByTheStopOfTheStartThatFailedOnIt() throws IOException {
        String unreadable = "{\"ringing\":true}";
        Path file = Files.writeString(directory.resolve("state.json"),
                "{\"calls\":" + unreadable + ",\"users\":[\"jane\"]}");
        StatePersistence failedStart = new StatePersistence(file);
        Words users = new Words("users");
        failedStart.register(users);
        assertThatThrownBy(() -> failedStart.register(new Words("calls"))).hasMessageContaining("'calls'");

        failedStart.close(); // the simulator's context stopping after its start failed

        assertThat(Files.readString(file)).contains("\"calls\":" + unreadable).contains("\"users\":[\"jane\"]");
        Words callsOnceFixed = new Words("calls");
        assertThatThrownBy(() -> new StatePersistence(file).register(callsOnceFixed))
                .as("still the part the user can repair, not an empty list").hasMessageContaining("'calls'");
    }
}
