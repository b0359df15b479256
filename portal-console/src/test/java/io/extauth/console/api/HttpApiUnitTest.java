package io.extauth.console.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.extauth.console.ConsoleProperties;
import io.extauth.console.signin.Visitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.json.JsonMapper;

/** The console's calls to the services, against a stand-in service on a real socket. */
class HttpApiUnitTest {

    private static final Visitor ADMIN = new Visitor(Visitor.Kind.ADMIN, "acct-1", "admin");
    private static final Visitor USER = new Visitor(Visitor.Kind.USER, "acct-1", "user-1");
    private static final Api.OrderRequest ORDER = new Api.OrderRequest("acct-1", "user-1", "user-1@example.com",
            "PHONEFACTOR", null, null, true);

    private final CountDownLatch released = new CountDownLatch(1);
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private ExecutorService serverThreads;
    private HttpServer service;

    @BeforeEach
    void startService() throws IOException {
        serverThreads = Executors.newFixedThreadPool(2); // threads started up front: the count below is the console's
        serverThreads.submit(() -> { }).isDone();
        serverThreads.submit(() -> { }).isDone();
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        service.setExecutor(serverThreads);
        service.createContext("/api/orders", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (!"Bearer token-of-admin".equals(auth)) {
                answer(exchange, 401, "{\"type\":\"https://extauth.io/problems/unauthorized\",\"title\":\"no\"}");
            } else if ("POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 202, "{\"orderId\":\"order-1\"}");
            } else {
                answer(exchange, 200, "{\"items\":[]}");
            }
        });
        service.createContext("/api/challenges", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().endsWith("/stalls")) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0); // chunked: the head goes out now, the body never ends
                exchange.getResponseBody().write("{\"challengeId\":".getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            } else {
                answer(exchange, 400, "{\"type\":\"https://extauth.io/problems/invalid-request\",\"title\":\"Invalid\","
                        + "\"errors\":[{\"field\":\"channel\",\"code\":\"unknown\",\"message\":\"no such channel\"}]}");
            }
        });
        service.createContext("/api/users", exchange -> {
            sent.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(exchange, 409, "{\"type\":\"https://extauth.io/problems/not-provisioned\",\"title\":\"No\"}");
        });
        service.start();
    }

    @AfterEach
    void stopService() {
        released.countDown();
        service.stop(0);
        serverThreads.shutdownNow();
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private HttpApi api(Duration readTimeout) {
        URI base = URI.create("http://127.0.0.1:" + service.getAddress().getPort());
        ConsoleProperties properties = new ConsoleProperties(base, base, base, Duration.ofSeconds(2), readTimeout,
                Duration.ofSeconds(1), new ConsoleProperties.DevSignIn(null, "extauth-local", "extauth", Duration.ofHours(1)));
        return new HttpApi(RestClient.builder(), properties, visitor -> "token-of-" + visitor.name(),
                JsonMapper.builder().build());
    }

    @Test
    void aCallToAServiceRunsOnTheConsolesRequestThreadAndStartsNoThreadOfItsOwn() {
        HttpApi api = api(Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            api.orders(ADMIN, "acct-1"); // the client's selector and its pooled workers come up once
        }
        long before = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();

        for (int i = 0; i < 25; i++) {
            assertThat(api.placeOrder(ADMIN, ORDER)).isEqualTo("order-1");
            assertThat(api.orders(ADMIN, "acct-1")).isEmpty();
        }

        // Spring's JdkClientHttpRequestFactory started two per call here: a body writer and a completion thread
        assertThat(ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before).isLessThan(10);
    }

    @Test
    void aServicesProblemStillReachesTheFormFieldByField() {
        HttpApi api = api(Duration.ofSeconds(5));

        assertThatThrownBy(() -> api.challenge(ADMIN, "acct-1", "user-1", "PIGEON", "login-1"))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.errors()).extracting(Api.FieldProblem::field).containsExactly("channel");
                });
    }

    @Test
    void noPinCodeOrPhoneNumberReachesTheLogWithSpringsWebLoggingAtTrace() {
        HttpApi api = api(Duration.ofSeconds(5));
        Logger web = (Logger) LoggerFactory.getLogger("org.springframework.web");
        Logger http = (Logger) LoggerFactory.getLogger("org.springframework.http");
        Level webLevel = web.getLevel();
        Level httpLevel = http.getLevel();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        web.addAppender(logged);
        http.addAppender(logged);
        web.setLevel(Level.TRACE);
        http.setLevel(Level.TRACE);
        try {
            assertThatThrownBy(() -> api.saveSettings(USER, "acct-1", "user-1",
                    new Api.SettingsRequest("ACTIVE", "PHONE_CALL_PIN", "731946"))).isInstanceOf(ApiProblem.class);
            assertThatThrownBy(() -> api.activateSymantec(USER, "acct-1", "user-1", "584213"))
                    .isInstanceOf(ApiProblem.class);
            assertThatThrownBy(() -> api.verifyPhone(USER, "acct-1", "user-1",
                    new Api.PhoneRequest("PRIMARY", "1", "5550176420", null))).isInstanceOf(ApiProblem.class);
            assertThatThrownBy(() -> api.answer(USER, "c-1", "acct-1", "user-1", "902817"))
                    .isInstanceOf(ApiProblem.class);
        } finally {
            web.detachAppender(logged);
            http.detachAppender(logged);
            web.setLevel(webLevel);
            http.setLevel(httpLevel);
        }

        assertThat(sent).as("the secrets were sent").anySatisfy(body -> assertThat(body).contains("731946"))
                .anySatisfy(body -> assertThat(body).contains("584213"))
                .anySatisfy(body -> assertThat(body).contains("5550176420"));
        assertThat(logged.list).as("Spring's web logging was on and wrote").isNotEmpty();
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(line -> line.contains("731946") || line.contains("584213") || line.contains("5550176420")
                        || line.contains("902817"));
    }

    @Test
    void anAnswerWhoseBodyStallsAfterTheHeadIsCutAtTheReadTimeout() {
        HttpApi api = api(Duration.ofMillis(300));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> api.challengeState(ADMIN, "stalls"))
                .isInstanceOf(RestClientException.class));
    }
}
