package io.extauth.service.health;

import io.extauth.messaging.MessagingAutoConfiguration;
import io.extauth.messaging.topics.TopicReplicationCheck;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/** The broker's health indicator, {@code kafka}, which readiness includes with {@code db} (see ServiceDefaults). */
@AutoConfiguration(after = MessagingAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
public class HealthAutoConfiguration {

    @Bean
    @ConditionalOnBean({KafkaAdmin.class, TopicReplicationCheck.class})
    HealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, TopicReplicationCheck replication) {
        return new KafkaHealthIndicator(kafkaAdmin.getConfigurationProperties(), Duration.ofSeconds(3), replication);
    }
}
