package io.extauth.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.notification.contact.AdminContact;
import io.extauth.notification.contact.adapter.AdminContacts;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two replaces of one account's admin contacts at once, as two admins (or two instances) may send them: the list
 * ends as one of the two, never both together. The first replace is held open, uncommitted, until the second is
 * waiting on the database; then it commits and the second goes on.
 */
class AdminContactsConcurrencyIntegrationTest extends NotificationIntegrationTestBase {

    @Autowired
    AdminContacts contacts;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void twoReplacesAtOnceLeaveTheLaterListNotBothTogether() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        contacts.replace(account, List.of("old@example.com"));
        CountDownLatch firstDone = new CountDownLatch(1);
        CountDownLatch mayCommit = new CountDownLatch(1);

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            contacts.replace(account, List.of("first@example.com"));
            firstDone.countDown();
            hold(mayCommit);
        }));
        assertThat(firstDone.await(20, TimeUnit.SECONDS)).as("the first replace ran").isTrue();
        CompletableFuture<List<AdminContact>> second = CompletableFuture.supplyAsync(() -> contacts.replace(account,
                List.of("second@example.com")));
        // the second waits on the first (before this fix: on the old address's row, which the first deleted)
        await("the second replace waits on the first").atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() "
                        + "AND query LIKE '%admin_contact%'", Integer.class) > 0);
        mayCommit.countDown();
        first.get(20, TimeUnit.SECONDS);
        List<AdminContact> answered = second.get(20, TimeUnit.SECONDS);

        assertThat(contacts.of(account)).extracting(AdminContact::email).containsExactly("second@example.com");
        assertThat(answered).as("what the second replace answered").extracting(AdminContact::email)
                .containsExactly("second@example.com");
    }

    private static void hold(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("released").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
