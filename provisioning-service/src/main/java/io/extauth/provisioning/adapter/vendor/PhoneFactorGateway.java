package io.extauth.provisioning.adapter.vendor;

import io.extauth.contract.AuthType;
import io.extauth.provisioning.ProvisioningRecord;
import io.extauth.provisioning.VendorAnswer;
import io.extauth.provisioning.VendorGateway;
import io.extauth.provisioning.VendorOrder;

/** PhoneFactor: provisioning creates the user in its directory, deprovisioning deletes it. */
class PhoneFactorGateway implements VendorGateway {

    private final VendorHttp http;

    PhoneFactorGateway(VendorHttp http) {
        this.http = http;
    }

    @Override
    public AuthType type() {
        return AuthType.PHONEFACTOR;
    }

    @Override
    public VendorAnswer provision(VendorOrder order) {
        return http.call("PhoneFactor", "create the user", () -> {
            VendorRef ref = http.client().post().uri("/phonefactor/users")
                    .body(new CreateUser(order.orderId(), order.accountId(), order.userId(), order.email()))
                    .retrieve().body(VendorRef.class);
            return VendorRef.accepted(ref);
        });
    }

    @Override
    public VendorAnswer deprovision(ProvisioningRecord provisioned) {
        return http.call("PhoneFactor", "delete the user", () -> {
            http.client().delete().uri("/phonefactor/users/{vendorRef}", provisioned.vendorRef()).retrieve()
                    .toBodilessEntity();
            return new VendorAnswer.Accepted(String.valueOf(provisioned.vendorRef()));
        });
    }

    /** Spring's client logs a body's toString at DEBUG: the user's e-mail address stays out of the log. */
    record CreateUser(String idempotencyKey, String accountId, String userId, String email) {

        @Override
        public String toString() {
            return "CreateUser[" + idempotencyKey + ", " + accountId + "/" + userId + ", email=******]";
        }
    }
}
