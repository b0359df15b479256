package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.Provisioned;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * An outage of a vendor is retried without end and fails no order, so the failure-rate alert never sees it: the
 * gauges of the orders still waiting, and of the oldest one's age, are how it shows (ExtauthProvisioningWaiting).
 */
class ProvisioningGaugesIntegrationTest extends ProvisioningIntegrationTestBase {

    @Autowired
    MeterRegistry meters;

    @Test
    void anOrderWaitingForItsVendorShowsInTheBacklogAndTheOldestAge() {
        String waiting = "o-waiting-" + UUID.randomUUID();
        String removing = "o-removing-" + UUID.randomUUID();
        Instant ordered = Instant.now().minus(Duration.ofMinutes(40));
        double provisionsBefore = gauge("provision");
        double removalsBefore = gauge("removal");
        // rows of a type this version does not provision (no worker takes them), retried for 40 minutes
        insert(waiting, "PENDING", ordered);
        insert(removing, "DEPROVISIONING", ordered);
        // ordered a year ago, taken back 35 minutes ago: the removal is as old as its ask
        jdbc.update("UPDATE provisioning SET created_at = ?, ordered_at = ?, removal_asked_at = ? WHERE order_id = ?",
                Timestamp.from(Instant.now().minus(Duration.ofDays(365))),
                Timestamp.from(Instant.now().minus(Duration.ofDays(365))),
                Timestamp.from(Instant.now().minus(Duration.ofMinutes(35))), removing);
        try {
            assertThat(removalAge()).isBetween((double) Duration.ofMinutes(35).toSeconds(),
                    (double) Duration.ofMinutes(36).toSeconds());
            assertThat(gauge("provision") - provisionsBefore).isEqualTo(1.0);
            assertThat(gauge("removal") - removalsBefore).isEqualTo(1.0);
            assertThat(meters.get("extauth.provisioning.oldest.age").gauge().value())
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(40).toSeconds());
            // as the alert rule and ops/README.md name them
            assertThat(scrape()).containsPattern("extauth_provisioning_oldest_age_seconds(\\{[^}]*})? [0-9]")
                    .containsPattern("extauth_provisioning_waiting\\{[^}]*work=\"provision\"[^}]*} [0-9]")
                    .containsPattern("extauth_provisioning_waiting\\{[^}]*work=\"removal\"[^}]*} [0-9]")
                    .containsPattern("extauth_provisioning_removal_oldest_age_seconds(\\{[^}]*})? [0-9]");
        } finally {
            jdbc.update("DELETE FROM provisioning WHERE order_id IN (?, ?)", waiting, removing);
        }
        assertThat(meters.get("extauth.provisioning.oldest.age").gauge().value())
                .as("the others are at most minutes old").isLessThan(Duration.ofMinutes(30).toSeconds());
        assertThat(removalAge()).as("the other removals are at most minutes old")
                .isLessThan(Duration.ofMinutes(30).toSeconds());
    }

    @Test
    void aRemovalAnInstanceOfTheVersionBeforeAskedForIsReadByItsLastChange() {
        String removing = "o-removing-old-" + UUID.randomUUID();
        // taken back by an instance that knows no removal_asked_at (a rolling upgrade), retried for 50 minutes
        insert(removing, "DEPROVISIONING", Instant.now().minus(Duration.ofMinutes(50)));
        try {
            assertThat(removalAge()).as("min() of nothing but NULLs read 0: the alert never saw it")
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(50).toSeconds());
        } finally {
            jdbc.update("DELETE FROM provisioning WHERE order_id = ?", removing);
        }
    }

    @Test
    void aRemovalIsAsOldAsItsAskAndItsRetriesDoNotMakeItYounger() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        assertThat(awaitOutcome(order).is(Provisioned.class)).isTrue();
        // the removal cannot reach PhoneFactor for now: it is retried, and stays under way
        VendorSimulator.outage(true);
        try {
            Instant asked = Instant.now();
            upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, order.userId(), "admin-1234", asked,
                    AuthType.PHONEFACTOR, order.orderId()));
            await("the removal tried twice").atMost(Duration.ofSeconds(60))
                    .until(() -> "DEPROVISIONING".equals(row(order.orderId()).get("status"))
                            && ((Number) row(order.orderId()).get("deprovision_attempts")).intValue() >= 2);
            Instant askedAt = ((Timestamp) row(order.orderId()).get("removal_asked_at")).toInstant();
            Instant updatedAt = ((Timestamp) row(order.orderId()).get("updated_at")).toInstant();

            assertThat(askedAt).as("the ask, once").isBetween(asked.minusSeconds(1), Instant.now())
                    .isBefore(updatedAt);
            assertThat(removalAge()).isGreaterThanOrEqualTo(Duration.between(askedAt, Instant.now()).toSeconds());
        } finally {
            VendorSimulator.outage(false);
        }
        await("the removal done").atMost(Duration.ofSeconds(60))
                .until(() -> "DEPROVISIONED".equals(row(order.orderId()).get("status")));
    }

    private double removalAge() {
        return meters.get("extauth.provisioning.removal.oldest.age").gauge().value();
    }

    private String scrape() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.operator());
        return http.exchange("/actuator/prometheus", HttpMethod.GET, new HttpEntity<>(headers), String.class)
                .getBody();
    }

    private double gauge(String work) {
        return meters.get("extauth.provisioning.waiting").tag("work", work).gauge().value();
    }

    private void insert(String orderId, String status, Instant at) {
        Timestamp time = Timestamp.from(at);
        jdbc.update("""
                INSERT INTO provisioning (order_id, account_id, user_id, type, credential_id, email, ordered_at,
                                          status, attempts, next_attempt_at, created_at, updated_at)
                VALUES (?, ?, ?, 'FIDO2_KEY', NULL, 'jane.doe@example.com', ?, ?, 12, ?, ?, ?)""", orderId, ACCOUNT,
                "user-" + UUID.randomUUID(), time, status, Timestamp.from(Instant.now().plusSeconds(60)), time, time);
    }
}
