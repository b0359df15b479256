package io.extauth.bench.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The names are those of a running {@code ./extauth up} ({@code jcmd <pid> Thread.print}), under load. */
class ThreadFamiliesUnitTest {

    private final ThreadFamilies families = new ThreadFamilies(Map.of(32081, "order-service", 32083,
            "challenge-service"));

    @Test
    void tomcatThreadsKeepTheirPortNamedByItsServiceWhereTheBenchKnowsIt() {
        assertThat(families.of("http-nio-127.0.0.1-32083-exec-12")).isEqualTo("challenge-service http exec");
        assertThat(families.of("http-nio-127.0.0.1-32083-exec-1")).isEqualTo("challenge-service http exec");
        assertThat(families.of("http-nio-127.0.0.1-32081-Poller")).isEqualTo("order-service http Poller");
        assertThat(families.of("http-nio-127.0.0.1-32082-exec-7")).isEqualTo("http-nio :32082 exec");
        assertThat(families.of("http-nio-127.0.0.1-32084-Acceptor")).isEqualTo("http-nio :32084 Acceptor");
        assertThat(families.of("http-nio-36083-exec-3")).isEqualTo("http-nio :36083 exec");
    }

    @Test
    void kafkaClientThreadsKeepTheClientIdWithoutItsInstanceNumber() {
        assertThat(families.of("kafka-producer-network-thread | challenge-service-producer-1"))
                .isEqualTo("kafka-producer-network-thread | challenge-service-producer");
        assertThat(families.of("kafka-producer-network-thread | challenge-service-producer-12"))
                .isEqualTo("kafka-producer-network-thread | challenge-service-producer");
        assertThat(families.of("kafka-coordinator-heartbeat-thread | notification-service"))
                .isEqualTo("kafka-coordinator-heartbeat-thread | notification-service");
    }

    @Test
    void listenerThreadsFoldTheirNumbersOnly() {
        assertThat(families.of("org.springframework.kafka.KafkaListenerEndpointContainer#3-1-C-1"))
                .isEqualTo("KafkaListenerEndpointContainer#-#-C-#");
        assertThat(families.of("org.springframework.kafka.KafkaListenerEndpointContainer#0-2-C-1"))
                .isEqualTo("KafkaListenerEndpointContainer#-#-C-#");
        // the messaging kit names a listener's consumer threads by service and topic: one family per listener
        assertThat(families.of("challenge-service-listener-auth.ordered-1"))
                .isEqualTo("challenge-service-listener-auth.ordered-#");
        assertThat(families.of("notification-service-listener-auth.challenge-result-12"))
                .isEqualTo("notification-service-listener-auth.challenge-result-#");
        // a listener with an id of its own keeps it
        assertThat(families.of("order-intake-2-C-1")).isEqualTo("order-intake-#-C-#");
    }

    @Test
    void everyOtherNameFoldsItsNumbers() {
        assertThat(families.of("mail-worker-2")).isEqualTo("mail-worker-#");
        assertThat(families.of("provisioning-lease-renewer-1")).isEqualTo("provisioning-lease-renewer-#");
        assertThat(families.of("HikariPool-3:connection-adder")).isEqualTo("HikariPool-#:connection-adder");
        assertThat(families.of("HttpClient-10-SelectorManager")).isEqualTo("HttpClient-#-SelectorManager");
        assertThat(families.of("postgres:pid(24503)")).isEqualTo("postgres:pid(#)");
        assertThat(families.of("outbox-relay")).isEqualTo("outbox-relay");
        assertThat(families.of("ThreadPoolTaskScheduler-1")).isEqualTo("ThreadPoolTaskScheduler-#");
    }
}
