package io.extauth.provisioning.adapter.vendor;

import io.extauth.contract.AuthType;
import io.extauth.provisioning.CredentialBoundElsewhere;
import io.extauth.provisioning.ProvisioningRecord;
import io.extauth.provisioning.VendorAnswer;
import io.extauth.provisioning.VendorGateway;
import io.extauth.provisioning.VendorOrder;
import java.net.URI;
import org.springframework.web.client.HttpClientErrorException;

/** Symantec VIP: provisioning registers the user's credential (VIP's AddCredential), deprovisioning removes it. */
class SymantecVipGateway implements VendorGateway {

    /** The values are encoded whole (the client's template encoding): a user id cannot add a parameter. */
    private static final String REMOVE = "/vip/credentials/{credentialId}?accountId={accountId}&userId={userId}";

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

    /**
     * Removes the credential from the order's user, as VIP's RemoveCredential takes the user and the credential: VIP
     * binds a credential to one user at a time, and a removal naming no user, repeated after its first answer was lost,
     * unbound the credential from the next user it had been bound to meanwhile.
     */
    @Override
    public VendorAnswer deprovision(ProvisioningRecord provisioned) {
        return http.call("Symantec VIP", "remove the credential", () -> {
            try {
                http.client().delete().uri(REMOVE, provisioned.credentialId(), provisioned.accountId(),
                        provisioned.userId()).retrieve().toBodilessEntity();
            } catch (HttpClientErrorException.Conflict e) {
                if (!CredentialBoundElsewhere.CODE.equals(VendorHttp.code(e))) {
                    throw e;
                }
                // another user holds the credential now: this order's binding was removed already (an earlier
                // attempt whose answer was lost) or never made, and nothing of it is left at VIP to remove
            }
            return new VendorAnswer.Accepted(String.valueOf(provisioned.vendorRef()));
        });
    }

    record AddCredential(String idempotencyKey, String credentialId, String accountId, String userId) {
    }
}
