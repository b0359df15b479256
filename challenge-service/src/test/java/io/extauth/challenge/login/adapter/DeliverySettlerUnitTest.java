package io.extauth.challenge.login.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.challenge.login.adapter.ChallengeDeliveries.Delivery;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.messaging.work.Claim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The settler's batching, on a table that only records what it is asked to remove (a fake of the port). */
class DeliverySettlerUnitTest {

    /** The removals asked for: the thread and the claims of each. */
    private record Removal(String thread, List<Claim<Delivery>> claims) {
    }

    private final Queue<Removal> removals = new ConcurrentLinkedQueue<>();
    private final Set<UUID> takenElsewhere = new HashSet<>();
    private final Queue<Claim<Delivery>> lost = new ConcurrentLinkedQueue<>();
    private final Queue<Claim<Delivery>> recorded = new ConcurrentLinkedQueue<>();
    private volatile RuntimeException failure;
    private DeliverySettler settler;

    private final ChallengeDeliveries table = new ChallengeDeliveries(null) {
        @Override
        Set<ChallengeDeliveries.ClaimedRow> deleteClaimed(List<Claim<Delivery>> claims) {
            removals.add(new Removal(Thread.currentThread().getName(), List.copyOf(claims)));
            if (failure != null) {
                throw failure;
            }
            Set<ChallengeDeliveries.ClaimedRow> removed = new HashSet<>();
            synchronized (takenElsewhere) {
                claims.stream().filter(claim -> !takenElsewhere.contains(claim.item().challengeId()))
                        .forEach(claim -> removed.add(ChallengeDeliveries.ClaimedRow.of(claim)));
            }
            return removed;
        }
    };

    @AfterEach
    void close() throws InterruptedException {
        if (settler != null) {
            settler.close();
        }
    }

    @Test
    void deliveriesSettledWithinTheDelayGoInOneRemovalOnTheSettlersThread() {
        settler = settler(Duration.ofSeconds(2));
        List<Claim<Delivery>> claims = claims(5);

        claims.forEach(settler::settled);
        assertThat(settler.unrecorded()).as("waiting for the removal").isEqualTo(5);

        await().atMost(Duration.ofSeconds(10)).until(() -> settler.unrecorded() == 0);
        assertThat(recorded).containsExactlyElementsOf(claims);
        assertThat(removals).singleElement().satisfies(removal -> {
            assertThat(removal.thread()).isEqualTo("challenge-delivery-settler");
            assertThat(removal.claims()).containsExactlyElementsOf(claims);
        });
        assertThat(lost).isEmpty();
    }

    @Test
    void aClaimWhoseRowWasNoLongerItsOwnIsToldAndTheOthersAreNot() {
        settler = settler(Duration.ofMillis(50));
        List<Claim<Delivery>> claims = claims(3);
        synchronized (takenElsewhere) {
            takenElsewhere.add(claims.get(1).item().challengeId());
        }

        claims.forEach(settler::settled);

        await().atMost(Duration.ofSeconds(10)).until(() -> recorded.size() == 3);
        assertThat(lost).containsExactly(claims.get(1));
    }

    @Test
    void aLongQueueIsRemovedInStatementsOfAtMostTheBound() throws InterruptedException {
        settler = settler(Duration.ofHours(1));
        int count = 2 * DeliverySettler.MOST_PER_STATEMENT + 200;
        List<Claim<Delivery>> claims = claims(count);
        claims.forEach(settler::settled);

        settler.close();

        assertThat(removals).extracting(removal -> removal.claims().size())
                .containsExactly(DeliverySettler.MOST_PER_STATEMENT, DeliverySettler.MOST_PER_STATEMENT, 200);
        List<Claim<Delivery>> all = new ArrayList<>();
        removals.forEach(removal -> all.addAll(removal.claims()));
        assertThat(all).containsExactlyElementsOf(claims);
    }

    @Test
    void closingRemovesWhatIsQueuedAtOnceAndALaterSettleIsRemovedByItsOwnThread() throws InterruptedException {
        settler = settler(Duration.ofHours(1));
        List<Claim<Delivery>> claims = claims(2);
        settler.settled(claims.get(0));

        settler.close();
        assertThat(removals).singleElement().satisfies(removal -> assertThat(removal.claims())
                .containsExactly(claims.get(0)));

        settler.settled(claims.get(1));
        assertThat(removals).hasSize(2).last().satisfies(removal -> {
            assertThat(removal.thread()).isEqualTo(Thread.currentThread().getName());
            assertThat(removal.claims()).containsExactly(claims.get(1));
        });
    }

    @Test
    void aRemovalTheDatabaseRefusesRecordsItsClaimsAsNotRemovedAndTheSettlerGoesOn() {
        settler = settler(Duration.ofMillis(20));
        failure = new IllegalStateException("refused");
        List<Claim<Delivery>> refused = claims(2);
        refused.forEach(settler::settled);
        await().atMost(Duration.ofSeconds(10)).until(() -> settler.unrecorded() == 0);
        assertThat(lost).as("their leases left to run out: taken over, delivered again with the same reference")
                .containsExactlyInAnyOrderElementsOf(refused);

        failure = null;
        Claim<Delivery> next = claims(1).get(0);
        settler.settled(next);

        await().atMost(Duration.ofSeconds(10)).until(() -> recorded.contains(next));
        assertThat(removals).last().satisfies(removal -> assertThat(removal.claims()).containsExactly(next));
        assertThat(lost).doesNotContain(next);
    }

    private DeliverySettler settler(Duration delay) {
        return new DeliverySettler(table, (claim, removed) -> {
            if (!removed) {
                lost.add(claim);
            }
            recorded.add(claim);
        }, new DatabaseRetry(new DatabaseRetryProperties(1, Duration.ofMillis(1))), delay);
    }

    private static List<Claim<Delivery>> claims(int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            UUID id = UUID.randomUUID();
            Delivery delivery = new Delivery(id, "1001", "user-" + i, LoginChannel.PORTAL,
                    PhoneFactorMethod.PHONE_CALL_STANDARD, Instant.now().plusSeconds(60), true, "+15550100", null);
            return new Claim<>(id.toString(), delivery, 1, UUID.randomUUID());
        }).toList();
    }
}
