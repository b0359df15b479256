package io.extauth.audit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link UserKey}'s written-out {@code equals} and {@code hashCode} answer as the record's own did for the keys the
 * reader makes (it refuses an event without an account or a user, so no part is ever null), and agree with its order.
 */
class UserKeyUnitTest {

    @Test
    void theSameAccountUserIsOneKeyFromEqualStringsThatAreNotTheSameInstances() {
        UserKey jane = new UserKey("1234", "jane");
        UserKey janeAgain = new UserKey(new String("1234"), new String("jane"));

        assertThat(janeAgain).isEqualTo(jane).hasSameHashCodeAs(jane);
        Map<UserKey, Integer> events = new HashMap<>();
        events.merge(jane, 1, Integer::sum);
        events.merge(janeAgain, 1, Integer::sum);
        assertThat(events).containsExactly(Map.entry(jane, 2));
    }

    @Test
    void anotherAccountOrAnotherUserIsAnotherKey() {
        UserKey jane = new UserKey("1234", "jane");

        assertThat(new UserKey("1235", "jane")).isNotEqualTo(jane);
        assertThat(new UserKey("1234", "john")).isNotEqualTo(jane);
        // the fields are not interchangeable: account "ab" + user "c" is not account "a" + user "bc"
        assertThat(new UserKey("a", "bc")).isNotEqualTo(new UserKey("ab", "c"));
        assertThat(new UserKey("jane", "1234")).isNotEqualTo(jane);
        assertThat(jane).isNotEqualTo(null).isNotEqualTo("1234/jane");
    }

    @Test
    void keysSpreadOverTheHashAndEqualKeysAreTheSameInTheOrder() {
        UserKey jane = new UserKey("1234", "jane");
        UserKey john = new UserKey("1234", "john");
        UserKey otherJane = new UserKey("1235", "jane");

        // a hash of one part only, or a constant, would put every user of an account in one bucket
        assertThat(john.hashCode()).isNotEqualTo(jane.hashCode());
        assertThat(otherJane.hashCode()).isNotEqualTo(jane.hashCode());
        assertThat(jane.hashCode()).isEqualTo(31 * "1234".hashCode() + "jane".hashCode());
        assertThat(jane.compareTo(new UserKey(new String("1234"), new String("jane")))).isZero();
        assertThat(jane.compareTo(john)).isNegative();
        assertThat(otherJane.compareTo(jane)).isPositive();
    }
}
