package io.extauth.provisioning.adapter;

import io.extauth.contract.AuthType;
import io.extauth.provisioning.VendorGateway;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The gateway for each vendor; start-up fails when a vendor of the contract has none. */
@Component
class VendorGateways {

    private final Map<AuthType, VendorGateway> byType = new EnumMap<>(AuthType.class);

    VendorGateways(List<VendorGateway> gateways) {
        gateways.forEach(gateway -> byType.put(gateway.type(), gateway));
        for (AuthType type : AuthType.values()) {
            if (!byType.containsKey(type)) {
                throw new IllegalStateException("No VendorGateway for " + type);
            }
        }
    }

    VendorGateway of(AuthType type) {
        return byType.get(type);
    }
}
