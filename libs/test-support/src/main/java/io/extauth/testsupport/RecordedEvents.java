package io.extauth.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.ExtauthEvent;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Assertions on recorded events by their contract type, read into the contract's records: {@code
 * assertThatEvents(recorder.events()).containsExactlyOne(ChallengeResult.class, r -> r.outcome() == SUCCEEDED)} instead
 * of looking fields up in the JSON by name.
 */
public final class RecordedEvents {

    private final List<RecordedEvent> records;

    private RecordedEvents(Collection<RecordedEvent> records) {
        this.records = List.copyOf(records);
    }

    public static RecordedEvents assertThatEvents(Collection<RecordedEvent> records) {
        return new RecordedEvents(records);
    }

    /** The events of the type, in the order they were recorded. */
    public <E extends ExtauthEvent> List<E> of(Class<E> type) {
        return records.stream().filter(record -> record.is(type)).map(record -> record.as(type)).toList();
    }

    /** The events of the type that match, in the order they were recorded (for awaiting a number of them). */
    public <E extends ExtauthEvent> List<E> of(Class<E> type, Predicate<? super E> matching) {
        return of(type).stream().filter(matching).toList();
    }

    /** The records of the type whose events match, as they were on the topic (for their bytes or headers). */
    public <E extends ExtauthEvent> List<RecordedEvent> recordsOf(Class<E> type, Predicate<? super E> matching) {
        return records.stream().filter(record -> record.is(type) && matching.test(record.as(type))).toList();
    }

    /** Asserts that exactly one event of the type matches, and returns it. */
    public <E extends ExtauthEvent> E containsExactlyOne(Class<E> type, Predicate<? super E> matching) {
        List<E> found = of(type).stream().filter(matching).toList();
        assertThat(found).as("%s events that match, among %s", type.getSimpleName(), of(type)).hasSize(1);
        return found.get(0);
    }

    /** Asserts that exactly one event of the type was recorded, and returns it. */
    public <E extends ExtauthEvent> E containsExactlyOne(Class<E> type) {
        return containsExactlyOne(type, event -> true);
    }

    /** Asserts that no event of the type matches. */
    public <E extends ExtauthEvent> void containsNone(Class<E> type, Predicate<? super E> matching) {
        assertThat(of(type).stream().filter(matching).toList()).as("%s events that match", type.getSimpleName())
                .isEmpty();
    }
}
