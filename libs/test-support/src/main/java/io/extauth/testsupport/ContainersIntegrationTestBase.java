package io.extauth.testsupport;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A service on a real Kafka broker and PostgreSQL server in containers, one of each per test class; the service's
 * {@code @SpringBootTest} subclass adds its own settings with a {@code @DynamicPropertySource} of its own. Where there
 * is no Docker engine the class is skipped and says so in one line. A module that extends it declares the
 * Testcontainers test dependencies (test-support does not bring them).
 */
@ExtendWith(DockerOrSkip.class)
@Testcontainers(disabledWithoutDocker = true)
public abstract class ContainersIntegrationTestBase {

    @Container
    protected static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka-native:3.9.1");

    @Container
    protected static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:17-alpine");

    @DynamicPropertySource
    static void containers(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
        registry.add("spring.datasource.url", POSTGRES::getJdbcUrl);
        registry.add("spring.datasource.username", POSTGRES::getUsername);
        registry.add("spring.datasource.password", POSTGRES::getPassword);
    }
}
