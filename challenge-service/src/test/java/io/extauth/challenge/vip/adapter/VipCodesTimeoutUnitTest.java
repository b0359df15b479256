package io.extauth.challenge.vip.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.challenge.telephony.adapter.SilentVendor;
import io.extauth.challenge.telephony.adapter.VendorUnavailableException;
import io.extauth.challenge.vendor.adapter.VendorCallLimitsForTests;
import io.extauth.messaging.tracing.EventTracing;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

class VipCodesTimeoutUnitTest {

    @Test
    void aVipThatDoesNotAnswerCostsTheReadTimeoutAndIsAVendorFailureNotAVerdict() throws Exception {
        try (SilentVendor vip = new SilentVendor()) {
            VipCodes codes = new VipCodes(RestClient.builder(),
                    new VipProperties(vip.baseUrl(), Duration.ofSeconds(1), Duration.ofMillis(300), null),
                    VendorCallLimitsForTests.any(), EventTracing.NONE, new JsonMapper());
            long started = System.nanoTime();

            assertThatThrownBy(() -> codes.validate("VSST12345678", "123456"))
                    .isInstanceOf(VendorUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aConnectionNobodyAcceptsIsAVendorFailure() {
        VipCodes codes = new VipCodes(RestClient.builder(),
                new VipProperties("http://127.0.0.1:1", Duration.ofMillis(500), Duration.ofMillis(500), null),
                VendorCallLimitsForTests.any(), EventTracing.NONE,
                new JsonMapper());

        assertThatThrownBy(() -> codes.validate("VSST12345678", "123456"))
                .isInstanceOf(VendorUnavailableException.class);
    }
}
