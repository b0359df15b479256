package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Deactivated;
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

        RecordedEvent provisioned = awaitOutcome(order);

        assertThat(provisioned.type()).isEqualTo("Provisioned");
        assertThat(provisioned.key()).isEqualTo(order.userId());
        assertThat(provisioned.text("type")).isEqualTo("PHONEFACTOR");
        assertThat(provisioned.text("vendorRef")).startsWith("PF-");
        assertThat(provisioned.text("provisionedAt")).isNotBlank();
        assertThat(VendorSimulator.statusOf("/phonefactor/users/{ref}", provisioned.text("vendorRef")).value())
                .isEqualTo(200);
        assertThat(provisioned.value()).doesNotContain(order.email());
        assertThat(row(order.orderId())).containsEntry("status", "PROVISIONED").containsEntry("attempts", 1)
                .containsEntry("vendor_ref", provisioned.text("vendorRef"));
    }

    @Test
    void symantecOrderRegistersTheCredentialAtVipAndAnnouncesItsVendorRef() {
        AuthOrdered order = vipOrder(newUser(), newCredentialId());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        RecordedEvent provisioned = awaitOutcome(order);

        assertThat(provisioned.type()).isEqualTo("Provisioned");
        assertThat(provisioned.text("type")).isEqualTo("SYMANTEC_VIP");
        assertThat(provisioned.text("vendorRef")).startsWith("VIP-");
        Map<String, Object> binding = VendorSimulator.client().get()
                .uri("/vip/credentials/{id}", order.credentialId()).retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() { });
        assertThat(binding).containsEntry("vendorRef", provisioned.text("vendorRef"));
    }

    @Test
    void credentialUnknownToVipFailsTheOrderWithTheVendorsReasonWithoutRetrying() {
        AuthOrdered order = vipOrder(newUser(), "NOT-A-CREDENTIAL");
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        RecordedEvent failed = awaitOutcome(order);

        assertThat(failed.type()).isEqualTo("ProvisioningFailed");
        assertThat(failed.text("reason")).startsWith("CREDENTIAL_UNKNOWN").contains("NOT-A-CREDENTIAL");
        assertThat(failed.text("attempts")).isEqualTo("1");
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
        String vendorRef = awaitOutcome(order).text("vendorRef");

        upstream.sendBinary(Topics.AUTH_ORDERED, cancellation(order));

        await("PhoneFactor no longer knows the user").atMost(Duration.ofSeconds(30)).until(
                () -> VendorSimulator.statusOf("/phonefactor/users/{ref}", vendorRef).value() == 404);
        await().atMost(Duration.ofSeconds(10)).until(() -> "CANCELLED".equals(row(order.orderId()).get("status")));
    }

    @Test
    void deactivationDeletesTheUserAtPhoneFactor() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String vendorRef = awaitOutcome(order).text("vendorRef");

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
