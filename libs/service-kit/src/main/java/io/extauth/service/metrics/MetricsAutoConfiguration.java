package io.extauth.service.metrics;

import io.extauth.messaging.MessagingAutoConfiguration;
import io.extauth.messaging.consumer.ListenerHandOver;
import io.extauth.messaging.outbox.Outbox;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * The kit's metrics in every service that has the messaging kit: events counted as the outbox commits them, dead
 * letters as the error handler writes them, and the outbox backlog and age; the event counters a service names
 * ({@link CountedFromStart}) from 0. Kafka's own consumer metrics (lag included) come from Boot's consumer factory.
 */
@AutoConfiguration(after = MessagingAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, Outbox.class})
public class MetricsAutoConfiguration {

    @Bean
    static BeanPostProcessor extauthCountingOutbox(ObjectProvider<MeterRegistry> meters) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof Outbox) && !(bean instanceof DefaultErrorHandler)) {
                    return bean;
                }
                MeterRegistry registry = meters.getIfAvailable();
                if (registry == null) {
                    return bean; // an application without metrics: nothing to count into
                }
                if (bean instanceof Outbox outbox && !(bean instanceof CountingOutbox)) {
                    return new CountingOutbox(outbox, registry);
                }
                if (bean instanceof DefaultErrorHandler handler) {
                    // the kit's error handler has no retry listener of its own
                    handler.setRetryListeners(new DeadLetterCounter(registry));
                }
                return bean;
            }
        };
    }

    /**
     * The counters a service names up front, made at 0 once every bean is there: a rule's {@code increase()} then
     * sees their first event as a rise from 0, not as a series that appears at 1.
     */
    @Bean
    static SmartInitializingSingleton extauthCountedFromStart(ObjectProvider<MeterRegistry> meters,
            ObjectProvider<CountedFromStart> counted) {
        return () -> {
            MeterRegistry registry = meters.getIfAvailable();
            if (registry != null) {
                counted.orderedStream().flatMap(events -> events.samples().stream())
                        .forEach(sample -> CountingOutbox.register(registry, EventTags.of(sample)));
            }
        };
    }

    /**
     * {@code extauth.listeners.handed.over}: how often a listener container of this instance was handed to the
     * service's other instances because the database was unreachable from here ({@link ListenerHandOver}); from 0.
     */
    @Bean
    @ConditionalOnBean(ListenerHandOver.class)
    MeterBinder extauthListenersHandedOver(ListenerHandOver handOver) {
        return registry -> FunctionCounter.builder("extauth.listeners.handed.over", handOver,
                        ListenerHandOver::handOvers)
                .description("Listener containers stopped so that the service's other instances take their "
                        + "partitions: the database was unreachable from this instance")
                .register(registry);
    }

    /** Where there is an outbox there is its table and a JdbcTemplate (the outbox is built on one). */
    @Bean
    @ConditionalOnBean(Outbox.class)
    BacklogReads extauthBacklogReads(JdbcTemplate jdbc) {
        return new BacklogReads(jdbc);
    }

    @Bean
    @ConditionalOnBean(Outbox.class)
    OutboxGauges extauthOutboxGauges(BacklogReads reads, Clock clock) {
        return new OutboxGauges(reads, clock);
    }
}
