package io.extauth.messaging.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ClaimUnitTest {

    @Test
    void aClaimIsKeptInTheRunnersSetWithoutHashingTheRowItCarries() {
        Set<Claim<Row>> running = ConcurrentHashMap.newKeySet();
        Claim<Row> claim = new Claim<>("order-1", new Row(), 1, UUID.randomUUID());

        running.add(claim);

        assertThat(running.contains(claim)).isTrue();
        assertThat(running.remove(claim)).isTrue();
    }

    @Test
    void equalClaimsHaveEqualHashCodesAndClaimsOfAnotherTokenAreNotEqual() {
        UUID token = UUID.randomUUID();
        Claim<String> claim = new Claim<>("order-1", "row", 1, token);

        assertThat(new Claim<>("order-1", "row", 1, token)).isEqualTo(claim).hasSameHashCodeAs(claim);
        assertThat(new Claim<>("order-1", "row", 1, UUID.randomUUID())).isNotEqualTo(claim);
    }

    /** A row whose hash code must not be needed: hashing a whole row per lookup is what the claim avoids. */
    private static final class Row {

        @Override
        public int hashCode() {
            throw new AssertionError("the row was hashed");
        }
    }
}
