package io.extauth.messaging.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

class WorkRunnerUnitTest {

    private final InMemoryQueue queue = new InMemoryQueue();
    private final WorkRunner<String> runner = new WorkRunner<>("test", queue, 2, Duration.ofMinutes(1),
            new TransactionTemplate(new NoTransactions()), Clock.systemUTC());

    @AfterEach
    void stop() throws InterruptedException {
        runner.shutdown();
    }

    @Test
    void aPollClaimsNoMoreWorkThanItHasFreeSlotsAndAFreedSlotClaimsTheNextWorkItself() throws InterruptedException {
        queue.add("a", "b", "c", "d", "e");
        CountDownLatch vendorAnswers = new CountDownLatch(1);
        List<String> done = new CopyOnWriteArrayList<>();
        runner.poll(claim -> {
            waitFor(vendorAnswers);
            done.add(claim.item());
        });
        runner.poll(claim -> done.add(claim.item()));

        assertThat(queue.limitsAsked).as("two slots, both taken by the first poll").containsExactly(2);
        assertThat(runner.claimedSoFar()).isEqualTo(2);

        vendorAnswers.countDown();
        await("the backlog drains with no further scheduled poll").atMost(Duration.ofSeconds(5))
                .until(() -> done.size() == 5);
        assertThat(done).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
        assertThat(queue.limitsAsked).as("never more than the free slots").allMatch(limit -> limit <= 2);
    }

    @Test
    void workThatThrowsIsLeftToItsLeaseAndFreesItsSlot() {
        queue.add("a", "b");
        runner.poll(claim -> {
            throw new IllegalStateException("bug in the work");
        });

        await("both slots are free again").atMost(Duration.ofSeconds(5)).until(() -> {
            runner.poll(claim -> {
            });
            return queue.limitsAsked.size() > 1 && queue.limitsAsked.get(queue.limitsAsked.size() - 1) == 2;
        });
        assertThat(runner.claimedSoFar()).as("nothing else was due").isEqualTo(2);
    }

    @Test
    void anOutcomeIsRecordedOnlyWhileTheLeaseHolds() {
        queue.add("a", "b");
        List<String> recorded = new CopyOnWriteArrayList<>();
        List<Claim<String>> claims = new CopyOnWriteArrayList<>();
        runner.poll(claims::add);
        await().atMost(Duration.ofSeconds(5)).until(() -> claims.size() == 2);
        Claim<String> kept = claims.stream().filter(c -> c.key().equals("a")).findFirst().orElseThrow();
        Claim<String> lost = claims.stream().filter(c -> c.key().equals("b")).findFirst().orElseThrow();
        queue.leaseRanOutAndWasClaimedAgain("b");

        runner.record(kept, recorded::add);
        runner.record(lost, recorded::add);

        assertThat(recorded).containsExactly("a");
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Due items, each claimed by one worker at a time under a token. */
    private static final class InMemoryQueue implements WorkQueue<String> {

        final List<Integer> limitsAsked = new CopyOnWriteArrayList<>();
        private final Queue<String> due = new ConcurrentLinkedQueue<>();
        private final Map<String, UUID> leases = new ConcurrentHashMap<>();

        void add(String... items) {
            due.addAll(List.of(items));
        }

        void leaseRanOutAndWasClaimedAgain(String key) {
            leases.put(key, UUID.randomUUID());
        }

        @Override
        public List<Claim<String>> claimDue(Instant now, int limit, Duration lease) {
            limitsAsked.add(limit);
            List<Claim<String>> claimed = new ArrayList<>();
            while (claimed.size() < limit && !due.isEmpty()) {
                String item = due.remove();
                UUID token = UUID.randomUUID();
                leases.put(item, token);
                claimed.add(new Claim<>(item, item, 1, token));
            }
            return claimed;
        }

        @Override
        public Optional<String> lockClaimed(Claim<String> claim) {
            return claim.token().equals(leases.get(claim.key())) ? Optional.of(claim.item()) : Optional.empty();
        }
    }

    /** The unit under test only needs a transaction boundary, not a database. */
    private static final class NoTransactions extends AbstractPlatformTransactionManager {

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }
}
