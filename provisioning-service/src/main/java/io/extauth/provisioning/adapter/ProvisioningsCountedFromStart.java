package io.extauth.provisioning.adapter;

import io.extauth.contract.AuthType;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.service.metrics.CountedFromStart;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Each factor type's provisioned and failed counters from 0 on start: {@code ExtauthVendorFailureRate} divides their
 * {@code increase()}, which misses the first event of a counter made by that event (a vendor's first refusal).
 */
@Component
class ProvisioningsCountedFromStart implements CountedFromStart {

    @Override
    public List<ExtauthEvent> samples() {
        return Arrays.stream(AuthType.values()).flatMap(factor -> Stream.<ExtauthEvent>of(
                new Provisioned("-", "-", "-", factor, "-", Instant.EPOCH),
                new ProvisioningFailed("-", "-", "-", factor, "-", 0))).toList();
    }
}
