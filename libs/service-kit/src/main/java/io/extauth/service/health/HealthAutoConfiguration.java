package io.extauth.service.health;

import io.extauth.messaging.MessagingAutoConfiguration;
import io.extauth.messaging.clock.DatabaseClock;
import io.extauth.messaging.consumer.ListenerHandOver;
import io.extauth.messaging.topics.TopicReplicationCheck;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The broker's health indicator, {@code kafka}, which readiness includes with {@code db} (see ServiceDefaults); the
 * listener containers', {@code listeners}, and the clock's against the database's, {@code clockSkew}, which it leaves
 * out ({@link ListenersHealthIndicator}, {@link ClockSkew}).
 */
@AutoConfiguration(after = MessagingAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
public class HealthAutoConfiguration {

    @Bean
    @ConditionalOnBean({KafkaAdmin.class, TopicReplicationCheck.class})
    HealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, TopicReplicationCheck replication) {
        return new KafkaHealthIndicator(kafkaAdmin.getConfigurationProperties(), Duration.ofSeconds(3), replication);
    }

    /**
     * {@code listeners}: DOWN while a listener container stopped on a failure of its own or was handed over for want
     * of the database (health, not readiness).
     */
    @Bean
    @ConditionalOnClass(KafkaListenerEndpointRegistry.class)
    HealthIndicator listenersHealthIndicator(ObjectProvider<KafkaListenerEndpointRegistry> registry,
            ObjectProvider<ListenerHandOver> handOver) {
        return new ListenersHealthIndicator(registry, handOver);
    }

    /**
     * Each indicator's answer remembered for {@code extauth.health.remember-for} (1 s; 0 asks every time): the health
     * endpoint is open to anyone ({@link RecentHealth}).
     */
    @Bean
    static BeanPostProcessor extauthRecentHealth(Environment environment) {
        return RecentHealth.everyIndicator(environment.getProperty("extauth.health.remember-for", Duration.class,
                Duration.ofSeconds(1)));
    }

    /**
     * {@code clockSkew}: this host's clock against PostgreSQL's, within {@code extauth.clock.max-skew} (2 s); whether
     * the service decides by the database's clock is in its details.
     */
    @Bean
    @ConditionalOnBean(JdbcTemplate.class)
    ClockSkew clockSkewHealthIndicator(JdbcTemplate jdbc, Environment environment, ObjectProvider<Clock> clock) {
        return new ClockSkew(jdbc, environment.getProperty("extauth.clock.max-skew", Duration.class,
                Duration.ofSeconds(2)), clock.getIfUnique() instanceof DatabaseClock database ? database : null);
    }
}
