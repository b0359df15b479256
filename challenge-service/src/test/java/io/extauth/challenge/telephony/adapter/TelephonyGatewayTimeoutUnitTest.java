package io.extauth.challenge.telephony.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.challenge.refusal.Refusal.Kind;
import io.extauth.challenge.vendor.adapter.CallLimitReachedException;
import io.extauth.challenge.vendor.adapter.VendorCallLimitsForTests;
import io.extauth.messaging.tracing.EventTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

class TelephonyGatewayTimeoutUnitTest {

    @Test
    void aGatewayThatDoesNotAnswerCostsTheReadTimeoutAndIs503() throws Exception {
        try (SilentVendor gateway = new SilentVendor()) {
            TelephonyGateway telephony = new TelephonyGateway(RestClient.builder(),
                    new TelephonyProperties(gateway.baseUrl(), "x".repeat(32), null),
                    new TelephonyTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)),
                    VendorCallLimitsForTests.any(),
                    new CallbackUrlProperties("http://127.0.0.1:8083"), new StandardEnvironment(), EventTracing.NONE,
                    new JsonMapper());
            long started = System.nanoTime();

            assertThatThrownBy(() -> telephony.sendSms("+15551234567", "Your code is 123456", "ref-1", Instant.EPOCH))
                    .isInstanceOf(VendorUnavailableException.class)
                    .satisfies(e -> assertThat(((VendorUnavailableException) e).kind()).isEqualTo(Kind.UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aGatewayHoldingItsBoundOfCallsGetsNoMoreAndTheNextIs503AtOnce() throws Exception {
        try (SilentVendor gateway = new SilentVendor()) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            TelephonyGateway telephony = new TelephonyGateway(RestClient.builder(),
                    new TelephonyProperties(gateway.baseUrl(), "x".repeat(32), 1),
                    new TelephonyTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3)),
                    VendorCallLimitsForTests.limits(meters), new CallbackUrlProperties("http://127.0.0.1:8083"),
                    new StandardEnvironment(), EventTracing.NONE, new JsonMapper());
            CompletableFuture<Throwable> hung = CompletableFuture.supplyAsync(() -> {
                try {
                    telephony.placeCall("+15551234567", "CHALLENGE", "Hello.", "ref-1", Instant.EPOCH);
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (inFlight(meters) < 1) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the first call was not under way within 2 s");
                }
                Thread.sleep(5);
            }
            long started = System.nanoTime();

            assertThatThrownBy(() -> telephony.sendPush("acct", "user", "Sign in?", false, "ref-2", Instant.EPOCH))
                    .isInstanceOf(VendorUnavailableException.class)
                    .hasCauseInstanceOf(CallLimitReachedException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            assertThat(hung.get(10, TimeUnit.SECONDS)).as("the hung call, cut at the read timeout")
                    .isInstanceOf(VendorUnavailableException.class);
            assertThat(meters.get("extauth.vendor.calls.refused").tag("vendor", "phonefactor").counter().count())
                    .isEqualTo(1.0);
            assertThat(inFlight(meters)).as("the cut call gave its permit back").isZero();
        }
    }

    private static double inFlight(SimpleMeterRegistry meters) {
        return meters.get("extauth.vendor.calls.in.flight").tag("vendor", "phonefactor").gauge().value();
    }
}
