package io.extauth.challenge.vendor.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClient;

class VendorHttpClientsUnitTest {

    private final CountDownLatch released = new CountDownLatch(1);
    private ExecutorService serverThreads;
    private HttpServer vendor;

    @BeforeEach
    void startVendor() throws IOException {
        serverThreads = Executors.newFixedThreadPool(2); // threads started up front: the count below is the client's
        serverThreads.submit(() -> { }).isDone();
        serverThreads.submit(() -> { }).isDone();
        vendor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        vendor.setExecutor(serverThreads);
        vendor.createContext("/echo", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, request.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(request);
            }
        });
        vendor.createContext("/stalls", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0); // chunked: the head goes out now, the body never ends
            exchange.getResponseBody().write("{\"valid\":".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
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

    private RestClient client(Duration readTimeout) {
        return VendorHttpClients.build(RestClient.builder(), "http://127.0.0.1:" + vendor.getAddress().getPort(),
                Duration.ofSeconds(2), readTimeout);
    }

    private static String post(RestClient http, String path, String code) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(JsonBody.of(Map.of("code", code)))
                .retrieve().body(String.class);
    }

    @Test
    void aVendorRequestRunsOnTheCallersThreadAndStartsNoThreadOfItsOwn() {
        RestClient http = client(Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            post(http, "/echo", "warm-up"); // the client's selector and its pooled workers come up once
        }
        long before = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();

        for (int i = 0; i < 50; i++) {
            assertThat(post(http, "/echo", "code-" + i)).isEqualTo("{\"code\":\"code-" + i + "\"}");
        }

        // Spring's JdkClientHttpRequestFactory started two per request here: a body writer and a completion thread
        assertThat(ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before).isLessThan(10);
    }

    @Test
    void aBodyThatStallsAfterTheHeadIsCutAtTheReadTimeout() {
        RestClient http = client(Duration.ofMillis(300));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> post(http, "/stalls", "1"))
                .isInstanceOf(RestClientException.class));
    }
}
