package io.extauth.challenge.telephony.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.challenge.refusal.Refusal.Kind;
import io.extauth.messaging.tracing.EventTracing;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

class TelephonyGatewayTimeoutUnitTest {

    @Test
    void aGatewayThatDoesNotAnswerCostsTheReadTimeoutAndIs503() throws Exception {
        try (SilentVendor gateway = new SilentVendor()) {
            TelephonyGateway telephony = new TelephonyGateway(RestClient.builder(),
                    new TelephonyProperties(gateway.baseUrl(), "x".repeat(32)),
                    new TelephonyTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)),
                    new CallbackUrlProperties("http://127.0.0.1:8083"), new StandardEnvironment(), EventTracing.NONE,
                    new JsonMapper());
            long started = System.nanoTime();

            assertThatThrownBy(() -> telephony.sendSms("+15551234567", "Your code is 123456", "ref-1", Instant.EPOCH))
                    .isInstanceOf(VendorUnavailableException.class)
                    .satisfies(e -> assertThat(((VendorUnavailableException) e).kind()).isEqualTo(Kind.UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
