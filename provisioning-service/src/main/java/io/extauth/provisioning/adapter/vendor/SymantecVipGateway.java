package io.extauth.provisioning.adapter.vendor;

import io.extauth.contract.AuthType;
import io.extauth.provisioning.ProvisioningRecord;
import io.extauth.provisioning.VendorAnswer;
import io.extauth.provisioning.VendorGateway;
import io.extauth.provisioning.VendorOrder;
import java.net.URI;

/** Symantec VIP: provisioning registers the user's credential (VIP's AddCredential), deprovisioning removes it. */
class SymantecVipGateway implements VendorGateway {

    private final VendorHttp http;
    private final URI credentials;

    SymantecVipGateway(VendorHttp http) {
        this.http = http;
        this.credentials = http.uri("/vip/credentials");
    }

    @Override
    public AuthType type() {
        return AuthType.SYMANTEC_VIP;
    }

    @Override
    public VendorAnswer provision(VendorOrder order) {
        return http.call("Symantec VIP", "add the credential", () -> {
            VendorRef ref = http.post(credentials, new AddCredential(order.orderId(),
                    String.valueOf(order.credentialId()), order.accountId(), order.userId()), VendorRef.class);
            return VendorRef.accepted(ref);
        });
    }

    @Override
    public VendorAnswer deprovision(ProvisioningRecord provisioned) {
        return http.call("Symantec VIP", "remove the credential", () -> {
            http.client().delete().uri("/vip/credentials/{credentialId}", provisioned.credentialId()).retrieve()
                    .toBodilessEntity();
            return new VendorAnswer.Accepted(String.valueOf(provisioned.vendorRef()));
        });
    }

    record AddCredential(String idempotencyKey, String credentialId, String accountId, String userId) {
    }
}
