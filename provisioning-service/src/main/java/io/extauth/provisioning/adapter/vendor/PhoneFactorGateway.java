package io.extauth.provisioning.adapter.vendor;

import io.extauth.contract.AuthType;
import io.extauth.provisioning.ProvisioningRecord;
import io.extauth.provisioning.VendorAnswer;
import io.extauth.provisioning.VendorGateway;
import io.extauth.provisioning.VendorOrder;
import java.net.URI;

/** PhoneFactor: provisioning creates the user in its directory, deprovisioning deletes it. */
class PhoneFactorGateway implements VendorGateway {

    private final VendorHttp http;
    private final URI users;

    PhoneFactorGateway(VendorHttp http) {
        this.http = http;
        this.users = http.uri("/phonefactor/users");
    }

    @Override
    public AuthType type() {
        return AuthType.PHONEFACTOR;
    }

    @Override
    public VendorAnswer provision(VendorOrder order) {
        return http.call("PhoneFactor", "create the user", () -> {
            VendorRef ref = http.post(users,
                    new CreateUser(order.orderId(), order.accountId(), order.userId(), order.email()), VendorRef.class);
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
