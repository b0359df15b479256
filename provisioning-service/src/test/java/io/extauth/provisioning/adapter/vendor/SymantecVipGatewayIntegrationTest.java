package io.extauth.provisioning.adapter.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.messaging.tracing.EventTracing;
import io.extauth.provisioning.ProvisioningRecord;
import io.extauth.provisioning.ProvisioningStatus;
import io.extauth.provisioning.UndoCause;
import io.extauth.provisioning.VendorAnswer;
import io.extauth.provisioning.VendorOrder;
import io.extauth.testsupport.VendorSimulator;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/** The removal of a credential at VIP (the vendor simulator), which names the order's user. */
class SymantecVipGatewayIntegrationTest {

    private final SymantecVipGateway vip = new SymantecVipGateway(VendorClientConfiguration.http(RestClient.builder(),
            new VendorProperties.Endpoint(URI.create(VendorSimulator.baseUrl()), Duration.ofSeconds(2),
                    Duration.ofSeconds(5)), EventTracing.NONE, new JsonMapper()));

    @Test
    void removingACredentialAnotherUserHoldsNowIsDoneAndLeavesTheirBinding() {
        String credentialId = newCredentialId();
        VendorOrder earlier = order("user-" + UUID.randomUUID(), credentialId);
        String vendorRef = ((VendorAnswer.Accepted) vip.provision(earlier)).vendorRef();
        assertThat(vip.deprovision(removal(earlier, vendorRef))).isInstanceOf(VendorAnswer.Accepted.class);
        VendorOrder later = order("user-" + UUID.randomUUID(), credentialId);
        assertThat(vip.provision(later)).isInstanceOf(VendorAnswer.Accepted.class);

        // the earlier order's removal again, as after its first answer was lost
        VendorAnswer again = vip.deprovision(removal(earlier, vendorRef));

        assertThat(again).as("nothing of the earlier order left to remove")
                .isEqualTo(new VendorAnswer.Accepted(vendorRef));
        assertThat(VendorSimulator.statusOf("/vip/credentials/{id}", credentialId).value())
                .as("the later user's binding stays").isEqualTo(200);
        assertThat(boundUser(credentialId)).isEqualTo(later.userId());
    }

    @Test
    void removingACredentialUnbindsItFromItsUserWhateverCharactersTheUserIdHas() {
        String credentialId = newCredentialId();
        VendorOrder order = order("jane&userId=joe+1", credentialId);
        String vendorRef = ((VendorAnswer.Accepted) vip.provision(order)).vendorRef();

        assertThat(vip.deprovision(removal(order, vendorRef))).isInstanceOf(VendorAnswer.Accepted.class);

        assertThat(VendorSimulator.statusOf("/vip/credentials/{id}", credentialId).value()).isEqualTo(404);
    }

    private static String boundUser(String credentialId) {
        Map<?, ?> binding = VendorSimulator.client().get().uri("/vip/credentials/{id}", credentialId).retrieve()
                .body(Map.class);
        return String.valueOf(((Map<?, ?>) binding.get("credential")).get("userId"));
    }

    private static VendorOrder order(String userId, String credentialId) {
        return new VendorOrder("o-" + UUID.randomUUID(), "1234", userId, AuthType.SYMANTEC_VIP, "jane@example.com",
                credentialId);
    }

    private static ProvisioningRecord removal(VendorOrder order, String vendorRef) {
        return new ProvisioningRecord(order.orderId(), order.accountId(), order.userId(), order.type(),
                order.credentialId(), order.email(), Instant.now(), vendorRef, ProvisioningStatus.DEPROVISIONING, 1, 1,
                null, null, Instant.now(), UndoCause.DEACTIVATED);
    }

    private static String newCredentialId() {
        return "VSST" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }
}
