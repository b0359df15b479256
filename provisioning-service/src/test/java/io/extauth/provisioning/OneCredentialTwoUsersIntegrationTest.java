package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.VendorSimulator;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.EmptyResultDataAccessException;

/**
 * One Symantec credential (a physical token) handed from one user to another: VIP binds it to one user at a time, so
 * the second user's binding waits for the first user's removal, and that removal, however often it is repeated, never
 * unbinds the second user's binding.
 */
class OneCredentialTwoUsersIntegrationTest extends ProvisioningIntegrationTestBase {

    @Value("${extauth.provisioning.credential-bound-wait}")
    Duration credentialBoundWait;

    @Test
    void anotherUsersOrderOfACredentialWhoseRemovalIsUnderWayWaitsForItAndIsProvisionedAfterIt() {
        String credentialId = newCredentialId();
        AuthOrdered first = vipOrder(newUser(), credentialId);
        upstream.sendBinary(Topics.AUTH_ORDERED, first);
        assertThat(awaitOutcome(first).is(Provisioned.class)).isTrue();
        // the admin deactivates the first user; the removal cannot reach VIP for now, and waits a long back-off
        VendorSimulator.outage(true);
        try {
            upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, first.userId(), "admin-1234",
                    Instant.now(), AuthType.SYMANTEC_VIP, first.orderId()));
            await("the removal under way, tried once").atMost(Duration.ofSeconds(30))
                    .until(() -> "DEPROVISIONING".equals(row(first.orderId()).get("status"))
                            && ((Number) row(first.orderId()).get("deprovision_attempts")).intValue() >= 1);
            await("its next attempt an hour away").atMost(Duration.ofSeconds(30))
                    .until(() -> nextAttemptOfRemoval(first.orderId(), Instant.now().plus(Duration.ofHours(1))));
        } finally {
            VendorSimulator.outage(false);
        }

        // and orders VIP for a second user with the same token
        AuthOrdered second = vipOrder(newUser(), credentialId);
        upstream.sendBinary(Topics.AUTH_ORDERED, second);

        await("the second user's order tried twice, or settled").atMost(Duration.ofSeconds(30))
                .ignoreException(EmptyResultDataAccessException.class)
                .until(() -> attempts(second.orderId()) >= 2 || !"PENDING".equals(row(second.orderId()).get("status")));
        assertThat(row(second.orderId())).as("waiting for the removal").containsEntry("status", "PENDING");
        assertThat((String) row(second.orderId()).get("last_error")).as("the other user's order not named")
                .isEqualTo("waiting for another user's removal of the same credential at VIP");
        assertThat(outcomesOf(second)).isEmpty();
        assertThat(nextAttemptOfRemoval(first.orderId(), Instant.now())).isTrue();
        RecordedEvent outcome = awaitOutcome(second);
        assertThat(outcome.is(Provisioned.class)).as("provisioned, never FAILED: %s", outcome.type()).isTrue();
        assertThat(outcomesOf(second)).hasSize(1);
        assertThat(row(first.orderId())).containsEntry("status", "DEPROVISIONED");
        assertThat(boundUser(credentialId)).isEqualTo(second.userId());
    }

    @Test
    void aRemovalRetriedAfterItsFirstWasCarriedOutLeavesAnotherUsersLaterBindingOfTheCredentialAlone() {
        String credentialId = newCredentialId();
        AuthOrdered first = vipOrder(newUser(), credentialId);
        upstream.sendBinary(Topics.AUTH_ORDERED, first);
        assertThat(awaitOutcome(first).is(Provisioned.class)).isTrue();
        // VIP carries out the removal but answers after the worker's read timeout (1 s here): the answer is lost
        VendorSimulator.latency(1_500);
        try {
            upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, first.userId(), "admin-1234",
                    Instant.now(), AuthType.SYMANTEC_VIP, first.orderId()));
            await("the removal carried out at VIP").atMost(Duration.ofSeconds(30))
                    .until(() -> VendorSimulator.statusOf("/vip/credentials/{id}", credentialId).value() == 404);
            await("its retry, after a lost answer, an hour away").atMost(Duration.ofSeconds(30))
                    .until(() -> row(first.orderId()).get("last_error") != null
                            && nextAttemptOfRemoval(first.orderId(), Instant.now().plus(Duration.ofHours(1))));
        } finally {
            VendorSimulator.latency(0);
        }
        // meanwhile a second user's order binds the free token (its wait for removals ran before this one began:
        // the Deactivated is read on another topic than the AuthOrdered)
        String second = newUser();
        VendorSimulator.client().post().uri("/vip/credentials").body(Map.of("idempotencyKey", "o-of-" + second,
                "credentialId", credentialId, "accountId", ACCOUNT, "userId", second)).retrieve().toBodilessEntity();

        assertThat(nextAttemptOfRemoval(first.orderId(), Instant.now())).isTrue();

        await("the removal retried and settled").atMost(Duration.ofSeconds(30))
                .until(() -> !"DEPROVISIONING".equals(row(first.orderId()).get("status")));
        assertThat(row(first.orderId())).as("nothing of the first user's left at VIP: done")
                .containsEntry("status", "DEPROVISIONED");
        assertThat(VendorSimulator.statusOf("/vip/credentials/{id}", credentialId).value())
                .as("the second user's binding stays").isEqualTo(200);
        assertThat(boundUser(credentialId)).isEqualTo(second);
    }

    @Test
    void anotherUsersOrderTriedBeforeTheFormerUsersDeactivationIsReadWaitsForItAndIsProvisionedAfterIt() {
        String credentialId = newCredentialId();
        AuthOrdered first = vipOrder(newUser(), credentialId);
        upstream.sendBinary(Topics.AUTH_ORDERED, first);
        assertThat(awaitOutcome(first).is(Provisioned.class)).isTrue();
        // order-service has read the first user's Deactivated and freed the token, the admin orders it for a second
        // user at once, and this service reads that order before the Deactivated (another topic): VIP refuses it
        AuthOrdered second = vipOrder(newUser(), credentialId);
        upstream.sendBinary(Topics.AUTH_ORDERED, second);

        await("the second user's order refused by VIP twice, or settled").atMost(Duration.ofSeconds(30))
                .ignoreException(EmptyResultDataAccessException.class)
                .until(() -> attempts(second.orderId()) >= 3 || !"PENDING".equals(row(second.orderId()).get("status")));
        assertThat(row(second.orderId())).as("waiting for the former user's removal")
                .containsEntry("status", "PENDING");
        assertThat((String) row(second.orderId()).get("last_error")).as("the former user not named")
                .isEqualTo("waiting for the credential's former user to be removed at VIP");
        assertThat(outcomesOf(second)).isEmpty();
        assertThat(boundUser(credentialId)).isEqualTo(first.userId());

        upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, first.userId(), "admin-1234",
                Instant.now(), AuthType.SYMANTEC_VIP, first.orderId()));

        RecordedEvent outcome = awaitOutcome(second);
        assertThat(outcome.is(Provisioned.class)).as("provisioned, never FAILED: %s", outcome.type()).isTrue();
        assertThat(outcomesOf(second)).hasSize(1);
        assertThat(row(second.orderId())).containsEntry("status", "PROVISIONED");
        await("the first user's removal recorded").atMost(Duration.ofSeconds(30))
                .until(() -> "DEPROVISIONED".equals(row(first.orderId()).get("status")));
        assertThat(boundUser(credentialId)).isEqualTo(second.userId());
    }

    @Test
    void anotherUsersOrderStillRefusedOnceOlderThanTheBoundFailsWithTheVendorsReason() {
        String credentialId = newCredentialId();
        AuthOrdered first = vipOrder(newUser(), credentialId);
        upstream.sendBinary(Topics.AUTH_ORDERED, first);
        assertThat(awaitOutcome(first).is(Provisioned.class)).isTrue();
        // the first user is never deactivated: the credential stays theirs, and the second user's order, ordered
        // nearly the bound ago, waits out what is left of it
        AuthOrdered ordered = vipOrder(newUser(), credentialId);
        AuthOrdered second = new AuthOrdered(ordered.accountId(), ordered.userId(), ordered.orderId(), ordered.type(),
                ordered.credentialId(), ordered.email(), ordered.promoCode(), ordered.monthlyFee(), ordered.channel(),
                Instant.now().minus(credentialBoundWait).plusSeconds(10));
        upstream.sendBinary(Topics.AUTH_ORDERED, second);

        RecordedEvent outcome = awaitOutcome(second);
        assertThat(outcome.is(ProvisioningFailed.class)).as("FAILED: %s", outcome.type()).isTrue();
        ProvisioningFailed failed = outcome.as(ProvisioningFailed.class);
        assertThat(failed.reason()).as("the vendor's reason")
                .startsWith("CREDENTIAL_BOUND_ELSEWHERE: Credential " + credentialId + " is bound to another user.");
        assertThat(failed.attempts()).as("retried while younger than the bound").isGreaterThan(1);
        assertThat(row(second.orderId())).containsEntry("status", "FAILED")
                .containsEntry("failure_reason", failed.reason());
        assertThat(boundUser(credentialId)).isEqualTo(first.userId());
    }

    /** Moves the next attempt of a removal waiting for it (no lease held); says whether it did. */
    private boolean nextAttemptOfRemoval(String orderId, Instant at) {
        return jdbc.update("""
                UPDATE provisioning SET next_attempt_at = ?
                WHERE order_id = ? AND status = 'DEPROVISIONING' AND lease_until IS NULL""", Timestamp.from(at),
                orderId) == 1;
    }

    private static String boundUser(String credentialId) {
        Map<?, ?> binding = VendorSimulator.client().get().uri("/vip/credentials/{id}", credentialId).retrieve()
                .body(Map.class);
        return String.valueOf(((Map<?, ?>) binding.get("credential")).get("userId"));
    }
}
