package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.VendorSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

/** Orders provisioned, cancelled and deprovisioned at PhoneFactor and Symantec VIP, and what is announced. */
class ProvisioningAtTheVendorsIntegrationTest extends ProvisioningIntegrationTestBase {

    @Test
    void phoneFactorOrderCreatesTheUserAtPhoneFactorAndAnnouncesItsVendorRef() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        RecordedEvent record = awaitOutcome(order);

        assertThat(record.type()).isEqualTo("Provisioned");
        assertThat(record.key()).isEqualTo(order.userId());
        Provisioned provisioned = record.as(Provisioned.class);
        assertThat(provisioned.type()).isEqualTo(AuthType.PHONEFACTOR);
        assertThat(provisioned.vendorRef()).startsWith("PF-");
        assertThat(provisioned.provisionedAt()).isNotNull();
        assertThat(VendorSimulator.statusOf("/phonefactor/users/{ref}", provisioned.vendorRef()).value())
                .isEqualTo(200);
        assertThat(record.value()).as("the address is in no byte of the record").doesNotContain(order.email());
        assertThat(row(order.orderId())).containsEntry("status", "PROVISIONED").containsEntry("attempts", 1)
                .containsEntry("vendor_ref", provisioned.vendorRef());
    }

    @Test
    void symantecOrderRegistersTheCredentialAtVipAndAnnouncesItsVendorRef() {
        AuthOrdered order = vipOrder(newUser(), newCredentialId());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        RecordedEvent record = awaitOutcome(order);

        assertThat(record.type()).isEqualTo("Provisioned");
        Provisioned provisioned = record.as(Provisioned.class);
        assertThat(provisioned.type()).isEqualTo(AuthType.SYMANTEC_VIP);
        assertThat(provisioned.vendorRef()).startsWith("VIP-");
        Map<String, Object> binding = VendorSimulator.client().get()
                .uri("/vip/credentials/{id}", order.credentialId()).retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() { });
        assertThat(binding).containsEntry("vendorRef", provisioned.vendorRef());
    }

    @Test
    void credentialUnknownToVipFailsTheOrderWithTheVendorsReasonWithoutRetrying() {
        AuthOrdered order = vipOrder(newUser(), "NOT-A-CREDENTIAL");
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        RecordedEvent record = awaitOutcome(order);

        assertThat(record.type()).isEqualTo("ProvisioningFailed");
        ProvisioningFailed failed = record.as(ProvisioningFailed.class);
        assertThat(failed.reason()).startsWith("CREDENTIAL_UNKNOWN").contains("NOT-A-CREDENTIAL");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(row(order.orderId())).containsEntry("status", "FAILED");
    }

    @Test
    void aSymantecOrderWithoutCredentialIsDeadLetteredWithTheReason() {
        AuthOrdered order = vipOrder(newUser(), null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED),
                e -> order.userId().equals(e.key()));

        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("InvalidEventException")
                .contains("credentialId");
        assertThat(outcomesOf(order)).isEmpty();
    }

    @Test
    void anOrderCancelledBeforeItIsProvisionedIsNeverProvisioned() {
        AuthOrdered order = vipOrder(newUser(), newCredentialId());
        VendorSimulator.outage(true);
        try {
            upstream.sendBinary(Topics.AUTH_ORDERED, order);
            await().atMost(Duration.ofSeconds(30)).until(() -> attempts(order.orderId()) >= 1);
            upstream.sendBinary(Topics.AUTH_ORDERED, cancellation(order));
            await("the cancellation is recorded").atMost(Duration.ofSeconds(30))
                    .until(() -> !"PENDING".equals(row(order.orderId()).get("status")));
        } finally {
            VendorSimulator.outage(false);
        }

        await("the order ends cancelled").atMost(Duration.ofSeconds(30))
                .until(() -> "CANCELLED".equals(row(order.orderId()).get("status")));
        awaitMarkerBehind(order.userId());
        assertThat(outcomesOf(order)).isEmpty();
        assertThat(VendorSimulator.statusOf("/vip/credentials/{id}", order.credentialId()).value())
                .isEqualTo(404);
    }

    @Test
    void anOrderCancelledAfterItWasProvisionedIsRemovedAtTheVendor() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String vendorRef = awaitOutcome(order).as(Provisioned.class).vendorRef();

        upstream.sendBinary(Topics.AUTH_ORDERED, cancellation(order));

        await("PhoneFactor no longer knows the user").atMost(Duration.ofSeconds(30)).until(
                () -> VendorSimulator.statusOf("/phonefactor/users/{ref}", vendorRef).value() == 404);
        await().atMost(Duration.ofSeconds(10)).until(() -> "CANCELLED".equals(row(order.orderId()).get("status")));
    }

    @Test
    void deactivationDeletesTheUserAtPhoneFactor() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String vendorRef = awaitOutcome(order).as(Provisioned.class).vendorRef();

        upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, order.userId(), "admin-1234",
                Instant.now()));

        await("PhoneFactor no longer knows the user").atMost(Duration.ofSeconds(30)).until(
                () -> VendorSimulator.statusOf("/phonefactor/users/{ref}", vendorRef).value() == 404);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DEPROVISIONED".equals(row(order.orderId()).get("status")));
    }

    @Test
    void deactivationUnbindsTheCredentialAtVip() {
        AuthOrdered order = vipOrder(newUser(), newCredentialId());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        awaitOutcome(order);

        upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, order.userId(), "admin-1234",
                Instant.now()));

        await("VIP no longer binds the credential").atMost(Duration.ofSeconds(30)).until(
                () -> VendorSimulator.statusOf("/vip/credentials/{id}", order.credentialId()).value() == 404);
    }
}
