package io.extauth.challenge.vendor.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import io.extauth.messaging.tracing.EventTracing;
import io.extauth.service.vendor.BoundedAnswer;
import io.extauth.service.vendor.VendorClient;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

class VendorHttpClientsUnitTest {

    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger dropped = new AtomicInteger();
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
        vendor.createContext("/drops", exchange -> {
            exchange.getRequestBody().readAllBytes();
            dropped.incrementAndGet();
            exchange.close(); // no answer: the connection is closed under the request
        });
        vendor.createContext("/trickles", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            try {
                // a byte well within the read timeout each time, for longer than any test waits
                while (!released.await(100, TimeUnit.MILLISECONDS)) {
                    body.write(' ');
                    body.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave up
            }
            exchange.close();
        });
        vendor.createContext("/large", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int status = Integer.parseInt(exchange.getRequestURI().getQuery().replaceAll(".*status=(\\d+).*", "$1"));
            int size = Integer.parseInt(exchange.getRequestURI().getQuery().replaceAll(".*size=(\\d+).*", "$1"));
            byte[] answer = ("{\"valid\":true,\"padding\":\"" + " ".repeat(size) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            } catch (IOException e) {
                // the client stopped reading
            }
        });
        vendor.start();
    }

    @AfterEach
    void stopVendor() {
        released.countDown();
        vendor.stop(0);
        serverThreads.shutdownNow();
    }

    private VendorClient client(Duration readTimeout) {
        return VendorHttpClients.build(RestClient.builder(), "http://127.0.0.1:" + vendor.getAddress().getPort(),
                Duration.ofSeconds(2), readTimeout, VendorCallLimitsForTests.calls(10), EventTracing.NONE,
                new JsonMapper());
    }

    private static String post(VendorClient http, String path, String code) {
        return http.client().post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .body(http.write(Map.of("code", code))).retrieve().body(String.class);
    }

    @Test
    void aVendorRequestRunsOnTheCallersThreadAndStartsNoThreadOfItsOwn() {
        VendorClient http = client(Duration.ofSeconds(5));
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
        VendorClient http = client(Duration.ofMillis(300));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> post(http, "/stalls", "1"))
                .isInstanceOf(RestClientException.class));
    }

    @Test
    void aBodyTrickledWithinTheReadTimeoutIsStillCutWhenTheReadTimeoutIsUp() {
        VendorClient http = client(Duration.ofMillis(500));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> post(http, "/trickles", "1"))
                .isInstanceOf(RestClientException.class));
    }

    @Test
    void anAnswerOverTheBoundFailsTheCallAsUnreadableAndAnErrorBodyOverItIsLeftUnread() {
        VendorClient http = client(Duration.ofSeconds(5));
        int over = 2 * BoundedAnswer.MAX_BYTES;

        assertThatThrownBy(() -> post(http, "/large?status=200&size=" + over, "1"))
                .isInstanceOf(RestClientException.class)
                .hasRootCauseMessage("the vendor's answer is longer than 65536 bytes");
        assertThatThrownBy(() -> post(http, "/large?status=503&size=" + over, "1"))
                .isInstanceOfSatisfying(HttpServerErrorException.class,
                        refused -> assertThat(refused.getResponseBodyAsByteArray()).isEmpty());

        // just under the bound still reads, and the client goes on answering after the ones it cut
        assertThat(post(http, "/large?status=200&size=" + (BoundedAnswer.MAX_BYTES - 100), "1"))
                .hasSizeGreaterThan(BoundedAnswer.MAX_BYTES - 100);
        assertThat(post(http, "/echo", "after")).isEqualTo("{\"code\":\"after\"}");
    }

    @Test
    void aPostWhoseConnectionIsClosedUnansweredReachesTheVendorExactlyOnce() {
        VendorClient http = client(Duration.ofSeconds(5));
        assertThat(post(http, "/echo", "warm-up")).isEqualTo("{\"code\":\"warm-up\"}"); // a kept-alive connection

        // a client that retries a POST on a fresh connection (HttpURLConnection does) would place a call twice
        assertThatThrownBy(() -> post(http, "/drops", "123456")).isInstanceOf(RestClientException.class);
        assertThatThrownBy(() -> post(http, "/drops", "654321")).isInstanceOf(RestClientException.class);

        assertThat(dropped).as("POSTs that reached the vendor").hasValue(2);
        assertThat(post(http, "/echo", "after")).isEqualTo("{\"code\":\"after\"}");
    }

    @Test
    void theVendorsProxyIsAskedOfTheSelectorOnceWhenTheClientIsBuiltNotPerRequest() {
        AtomicInteger asked = new AtomicInteger();
        ProxySelector direct = selector(uri -> {
            asked.incrementAndGet();
            return List.of(Proxy.NO_PROXY);
        });
        VendorClient http = VendorHttpClients.build(RestClient.builder(), "http://127.0.0.1:"
                + vendor.getAddress().getPort(), Duration.ofSeconds(2), Duration.ofSeconds(5),
                VendorCallLimitsForTests.calls(10), EventTracing.NONE, new JsonMapper(), direct);

        for (int i = 0; i < 5; i++) {
            assertThat(post(http, "/echo", "code-" + i)).isEqualTo("{\"code\":\"code-" + i + "\"}");
        }

        assertThat(asked).as("times the selector was asked").hasValue(1);
    }

    @Test
    void aVendorTheSelectorSendsThroughTheDeploymentsProxyKeepsThatProxy() {
        Proxy corporate = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.example.com", 3128));
        ProxySelector deployment = selector(uri -> "phonefactor.example.com".equals(uri.getHost())
                ? List.of(corporate) : List.of(Proxy.NO_PROXY));

        ProxySelector fixed = VendorHttpClients.askedOnce(deployment, URI.create("https://phonefactor.example.com"));

        assertThat(fixed.select(URI.create("https://phonefactor.example.com/telephony/calls")))
                .containsExactly(corporate);
        assertThat(VendorHttpClients.askedOnce(null, URI.create("http://127.0.0.1:8089"))
                .select(URI.create("http://127.0.0.1:8089/vip"))).containsExactly(Proxy.NO_PROXY);
    }

    private static ProxySelector selector(Function<URI, List<Proxy>> answer) {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return answer.apply(uri);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            }
        };
    }
}
