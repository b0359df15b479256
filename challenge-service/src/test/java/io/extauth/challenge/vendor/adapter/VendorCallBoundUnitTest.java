package io.extauth.challenge.vendor.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.extauth.messaging.tracing.EventTracing;
import io.extauth.service.settings.InvalidSettingException;
import io.extauth.service.vendor.VendorClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A vendor's bound of calls in flight: the call beyond it is refused before anything is sent, and every way a call
 * can end (an answer, an error status, a timeout, a connection nobody accepts) gives its permit back.
 */
class VendorCallBoundUnitTest {

    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger arrived = new AtomicInteger();
    private ExecutorService serverThreads;
    private HttpServer vendor;
    private SimpleMeterRegistry meters;

    @BeforeEach
    void startVendor() throws IOException {
        meters = new SimpleMeterRegistry();
        serverThreads = Executors.newCachedThreadPool();
        vendor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        vendor.setExecutor(serverThreads);
        vendor.createContext("/held", exchange -> {
            exchange.getRequestBody().readAllBytes();
            arrived.incrementAndGet();
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "{\"ok\":true}");
        });
        vendor.createContext("/fails", exchange -> {
            exchange.getRequestBody().readAllBytes();
            arrived.incrementAndGet();
            answer(exchange, 500, "{\"code\":\"INTERNAL\"}");
        });
        vendor.createContext("/silent", exchange -> {
            exchange.getRequestBody().readAllBytes();
            arrived.incrementAndGet();
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        vendor.start();
    }

    @AfterEach
    void stopVendor() {
        released.countDown();
        vendor.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void theCallBeyondTheBoundIsRefusedAtOnceWithoutReachingTheVendorAndCountedAndAnsweredCallsGiveTheirPermitsBack()
            throws Exception {
        CallsInFlight calls = limits().of("vip", "extauth.vendors.symantec-vip.max-calls-in-flight", 2);
        VendorClient http = client(calls, Duration.ofSeconds(10));
        List<CompletableFuture<JsonNode>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(CompletableFuture.supplyAsync(() -> post(http, "/held")));
        }
        awaitArrivals(2);

        long started = System.nanoTime();
        assertThatThrownBy(() -> post(http, "/held")).isInstanceOf(CallLimitReachedException.class)
                .hasMessage("vip already has 2 calls in flight from this instance "
                        + "(extauth.vendors.symantec-vip.max-calls-in-flight): this one was not made");
        Duration refusedIn = Duration.ofNanos(System.nanoTime() - started);
        int arrivedWhileHeld = arrived.get();
        int inFlightWhileHeld = calls.inFlight();
        double gaugeWhileHeld = meters.get("extauth.vendor.calls.in.flight").tag("vendor", "vip").gauge().value();
        released.countDown();
        for (CompletableFuture<JsonNode> answer : held) {
            assertThat(answer.get(10, TimeUnit.SECONDS).path("ok").asBoolean()).isTrue();
        }

        assertThat(refusedIn).isLessThan(Duration.ofSeconds(1));
        assertThat(arrivedWhileHeld).as("calls that reached the vendor").isEqualTo(2);
        assertThat(inFlightWhileHeld).isEqualTo(2);
        assertThat(gaugeWhileHeld).isEqualTo(2.0);
        assertThat(meters.get("extauth.vendor.calls.refused").tags("vendor", "vip", "reason", "in-flight-limit")
                .counter().count()).isEqualTo(1.0);
        assertThat(calls.inFlight()).as("permits given back").isZero();
        assertThat(post(http, "/held").path("ok").asBoolean()).as("a call once the others are over").isTrue();
        assertThat(calls.inFlight()).isZero();
    }

    @Test
    void anErrorStatusATimeoutAndARefusedConnectionEachGiveTheirPermitBack() {
        CallsInFlight calls = limits().of("vip", "test.max-calls-in-flight", 1);
        VendorClient http = client(calls, Duration.ofMillis(300));
        VendorClient nobody = VendorHttpClients.build(RestClient.builder(), "http://127.0.0.1:1",
                Duration.ofMillis(500), Duration.ofMillis(500), calls, EventTracing.NONE, new JsonMapper());

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> post(http, "/fails")).isInstanceOf(HttpServerErrorException.class);
            assertThatThrownBy(() -> post(http, "/silent")).isInstanceOf(ResourceAccessException.class);
            assertThatThrownBy(() -> post(nobody, "/anything")).isInstanceOf(ResourceAccessException.class);
        }

        assertThat(calls.inFlight()).isZero();
        assertThat(arrived.get()).as("every call of a bound of one reached the vendor").isEqualTo(6);
        assertThat(meters.get("extauth.vendor.calls.refused").tag("vendor", "vip").counter().count()).isZero();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void refusalsAreLoggedAsOneLineWithTheirNumberNotOneLineEach(CapturedOutput output) {
        CallsInFlight calls = limits().of("vip", "test.max-calls-in-flight", 1);
        calls.take();

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(calls::refuseIfFull).isInstanceOf(CallLimitReachedException.class)
                    .satisfies(e -> assertThat(e.getStackTrace()).as("no stack trace made per refusal").isEmpty());
        }
        calls.giveBack();

        assertThat(output.getAll().lines().filter(line -> line.contains("refused unmade"))).as("lines logged")
                .singleElement().asString().contains("1 call(s) to vip refused unmade");
        assertThat(meters.get("extauth.vendor.calls.refused").tag("vendor", "vip").counter().count()).isEqualTo(3.0);
        assertThat(calls.inFlight()).isZero();
    }

    @Test
    void unsetTheBoundIs64AndABoundBelowOneIsRefusedAtStart() {
        assertThat(limits().of("a", "a.max", null).limit()).isEqualTo(64);
        assertThat(new VendorCallLimits(new SimpleMeterRegistry(), EventTracing.NONE).of("a", "a.max", 500).limit())
                .isEqualTo(500);
        assertThatThrownBy(() -> new VendorCallLimits(new SimpleMeterRegistry(), EventTracing.NONE).of("a",
                "extauth.vendors.phonefactor.max-calls-in-flight", 0))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("extauth.vendors.phonefactor.max-calls-in-flight");
    }

    private VendorCallLimits limits() {
        return new VendorCallLimits(meters, EventTracing.NONE);
    }

    private VendorClient client(CallsInFlight calls, Duration readTimeout) {
        return VendorHttpClients.build(RestClient.builder(), "http://127.0.0.1:" + vendor.getAddress().getPort(),
                Duration.ofSeconds(2), readTimeout, calls, EventTracing.NONE, new JsonMapper());
    }

    private static JsonNode post(VendorClient http, String path) {
        return http.post(http.uri(path), Map.of("code", "123456"), JsonNode.class);
    }

    private void awaitArrivals(int calls) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (arrived.get() < calls) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(arrived.get() + " of " + calls + " calls reached the vendor in 10 s");
            }
            Thread.sleep(5);
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
