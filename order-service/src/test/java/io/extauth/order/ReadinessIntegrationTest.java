package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import io.extauth.testsupport.TestJwt;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 12: with no broker reachable, readiness still said UP. Readiness now includes the database and the broker.
 */
class ReadinessIntegrationTest extends OrderServiceIntegrationTestBase {

    @Test
    void readinessIsUpWhenTheDatabaseAndTheBrokerAnswer() {
        ResponseEntity<String> readiness = http.getForEntity("/actuator/health/readiness", String.class);

        assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(readiness.getBody()).contains("\"status\":\"UP\"");
    }

    @Test
    void healthShowsAnOperatorThisHostsClockAgainstTheDatabasesAndReadinessLeavesItOut() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.operator());
        ResponseEntity<String> health = http.exchange("/actuator/health", HttpMethod.GET, new HttpEntity<>(headers),
                String.class);
        ResponseEntity<String> readiness = http.exchange("/actuator/health/readiness", HttpMethod.GET,
                new HttpEntity<>(headers), String.class);

        JsonNode clock = JsonMapper.builder().build().readTree(health.getBody()).path("components")
                .path("clockSkew");
        assertThat(clock.path("status").asText()).as(health.getBody()).isEqualTo("UP");
        // a database host whose clock stepped must not take every instance out of rotation: the alert tells
        JsonNode ready = JsonMapper.builder().build().readTree(readiness.getBody()).path("components");
        assertThat(ready.has("db")).as(readiness.getBody()).isTrue();
        assertThat(ready.has("clockSkew")).as(readiness.getBody()).isFalse();
        assertThat(Math.abs(clock.path("details").path("skewMillis").asLong())).isLessThan(1_000);
        assertThat(clock.path("details").path("maxSkewMillis").asLong()).isEqualTo(2_000);
    }

    @Test
    void everyHealthIndicatorIsAskedAtMostOnceASecondHoweverOftenTheOpenEndpointIsAsked(
            @org.springframework.beans.factory.annotation.Autowired org.springframework.context.ApplicationContext
                    context) {
        java.util.Map<String, org.springframework.boot.health.contributor.HealthIndicator> indicators = context
                .getBeansOfType(org.springframework.boot.health.contributor.HealthIndicator.class);

        assertThat(indicators).containsKeys("kafkaHealthIndicator", "clockSkewHealthIndicator")
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(indicators.values()).allSatisfy(indicator -> assertThat(
                java.lang.reflect.Proxy.getInvocationHandler(indicator).getClass().getSimpleName())
                .isEqualTo("RecentHealth"));
        // what else an indicator is stays: the clock's gauge, which ExtauthClockSkew reads, is still registered
        assertThat(context.getBean(io.micrometer.core.instrument.MeterRegistry.class).find("extauth.clock.skew")
                .gauge()).isNotNull();
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aListenerContainerThatStoppedOnAFailureOfItsOwnIsDownInHealthButLeavesTheServiceInRotation(
            @org.springframework.beans.factory.annotation.Autowired
            org.springframework.kafka.config.KafkaListenerEndpointRegistry registry) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.operator());
        java.util.function.Function<String, JsonNode> read = path -> JsonMapper.builder().build().readTree(http.exchange(
                path, HttpMethod.GET, new HttpEntity<>(headers), String.class).getBody());
        org.springframework.kafka.listener.MessageListenerContainer container = registry.getAllListenerContainers()
                .iterator().next();
        assertThat(read.apply("/actuator/health").path("components").path("listeners").path("status").asText())
                .isEqualTo("UP");

        // as spring-kafka stops a container whose consumer met an authorization failure or an error it cannot go on
        // from
        container.stopAbnormally(() -> { });
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode listeners = read.apply("/actuator/health").path("components").path("listeners");
                assertThat(listeners.path("status").asText()).as(listeners.toString()).isEqualTo("DOWN");
                assertThat(listeners.path("details").path("stopped").toString()).contains(container.getListenerId());
            });
            // a consumer group's ACL missing for a minute stops every instance's container at once: readiness
            // taking them all out of rotation would stop logins and orders, which need no consumer
            JsonNode ready = read.apply("/actuator/health/readiness");
            assertThat(ready.path("status").asText()).as(ready.toString()).isEqualTo("UP");
            assertThat(ready.path("components").has("listeners")).isFalse();
        } finally {
            container.start();
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> "UP".equals(read
                .apply("/actuator/health").path("components").path("listeners").path("status").asText()));
    }

    @Test
    void aServiceWhoseBrokerIsUnreachableIsNotReady() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ConfigurableApplicationContext service = SpringApplication.run(OrderServiceApplication.class,
                "--server.port=0", "--spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort,
                "--extauth.messaging.topics.create=false", "--spring.kafka.listener.auto-startup=false")) {
            int port = ((WebServerApplicationContext) service).getWebServer().getPort();

            ResponseEntity<String> readiness = RestClient.create("http://127.0.0.1:" + port).get()
                    .uri("/actuator/health/readiness").retrieve().onStatus(status -> true, (request, response) -> { })
                    .toEntity(String.class);

            assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(readiness.getBody()).contains("\"status\":\"DOWN\"");
            assertThat(service.getBeanNamesForType(KafkaAdmin.NewTopics.class))
                    .as("extauth.messaging.topics.create=false: topics are managed elsewhere").isEmpty();
        }
    }
}
