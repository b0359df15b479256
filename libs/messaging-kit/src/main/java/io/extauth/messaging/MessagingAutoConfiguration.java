package io.extauth.messaging;

import io.extauth.messaging.clock.DatabaseClock;
import io.extauth.messaging.consumer.BatchedInbound;
import io.extauth.messaging.consumer.DatabaseProbe;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.messaging.consumer.InboundEvents;
import io.extauth.messaging.consumer.ListenerHandOver;
import io.extauth.messaging.consumer.RecordMessages;
import io.extauth.messaging.consumer.ServiceListener;
import io.extauth.messaging.consumer.TopicListeners;
import io.extauth.messaging.inbox.Inbox;
import io.extauth.messaging.inbox.InboxPruner;
import io.extauth.messaging.outbox.JdbcOutbox;
import io.extauth.messaging.outbox.Outbox;
import io.extauth.messaging.outbox.OutboxRelay;
import io.extauth.messaging.topics.ContractTopics;
import io.extauth.messaging.topics.TopicReplicationCheck;
import io.extauth.messaging.tracing.EventTracing;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

/** Wires the messaging kit into a service: outbox and relay, inbox, inbound event handling, errors, topics. */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class})
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingAutoConfiguration {

    /**
     * The time the services decide by ({@code extauth.clock.source}): {@code database} (the default), PostgreSQL's,
     * read every few seconds and counted on by the JVM's monotonic clock, so that instances on hosts whose clocks
     * disagree still agree on when a lease, a reservation, an expiry or a lock ends ({@link DatabaseClock}); {@code
     * host}, the host's clock as it is, for a deployment that trusts its hosts' NTP over the database host's.
     */
    @Bean
    @ConditionalOnMissingBean
    Clock clock(@Value("${extauth.clock.source:database}") String source, DataSource database) {
        return switch (source.trim().toLowerCase(Locale.ROOT)) {
            case "database" -> DatabaseClock.startedOn(database, Clock.systemUTC());
            case "host" -> Clock.systemUTC();
            default -> throw new IllegalStateException("extauth.clock.source (EXTAUTH_CLOCK_SOURCE) is '" + source
                    + "': it must be 'database' (the default: decide by PostgreSQL's clock) or 'host'");
        };
    }

    @Bean
    OutboxRelay outboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
            MessagingProperties properties) {
        return new OutboxRelay(jdbc, transactions, kafka, properties.relayPollInterval(), properties.relayBatchSize(),
                properties.relayAckTimeout());
    }

    /**
     * The W3C trace context across the outbox when the service traces (Boot's Micrometer Tracing), else nothing.
     * Whether a trace begun by a consumer may be sampled is Boot's sampling probability (see {@link
     * #newTracesSampled}): when it may not, a record without a sampled {@code traceparent} costs no span.
     */
    @Bean
    EventTracing eventTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator,
            Environment environment) {
        Tracer active = tracer.getIfAvailable();
        Propagator propagation = propagator.getIfAvailable();
        return active == null || propagation == null ? EventTracing.NONE
                : new EventTracing(active, propagation, newTracesSampled(environment));
    }

    /**
     * Whether Boot's sampler may sample a new trace: {@code management.tracing.sampling.probability} above 0, or not
     * set (Boot's default is 0.1). The services set 0 unless they export spans ({@code ServiceDefaults}). The
     * service kit's request spans ask the same.
     */
    public static boolean newTracesSampled(Environment environment) {
        Float probability = environment.getProperty("management.tracing.sampling.probability", Float.class);
        return probability == null || probability > 0;
    }

    @Bean
    Outbox outbox(JdbcTemplate jdbc, Clock clock, OutboxRelay relay, EventTracing tracing,
            @Value("${spring.application.name}") String name) {
        return new JdbcOutbox(jdbc, clock, "/" + name, relay, tracing);
    }

    @Bean
    Inbox inbox(JdbcTemplate jdbc, Clock clock) {
        return new Inbox(jdbc, clock);
    }

    /**
     * Deletes the inbox's rows once their events can no longer come again (the topics' retention, or
     * {@code extauth.messaging.inbox.retention}).
     */
    @Bean
    InboxPruner inboxPruner(Inbox inbox, TransactionTemplate transactions, KafkaAdmin admin,
            MessagingProperties properties) {
        Map<String, Object> adminSettings = admin.getConfigurationProperties();
        return new InboxPruner(inbox, transactions,
                () -> InboxPruner.topicsOnCluster(adminSettings, Duration.ofSeconds(5)), properties.inbox().retention(),
                properties.inbox().pruneInterval());
    }

    /** Asked, after a listener's failure that alone cannot tell, whether the database takes writes. */
    @Bean
    DatabaseProbe databaseProbe(DataSource dataSource) {
        return DatabaseProbe.of(dataSource);
    }

    @Bean
    InboundEvents inboundEvents(Inbox inbox, TransactionTemplate transactions, EventTracing tracing,
            DatabaseProbe database, @Value("${spring.application.name}") String name) {
        return new InboundEvents(inbox, transactions, name, tracing, database);
    }

    /** The service's one listener container, over every topic its modules' {@link TopicListeners} read. */
    @Bean
    @ConditionalOnBean(TopicListeners.class)
    ServiceListener serviceListener(List<TopicListeners> parts) {
        return new ServiceListener(parts);
    }

    /**
     * Every listener container takes a poll's records as a batch and hands them to the services' single-record
     * listeners through {@link BatchedInbound}: one inbox insert and one transaction per poll
     * ({@code extauth.messaging.batch-consume=false} goes back to one transaction per record); the message around
     * each record carries no copy of its Kafka headers ({@link RecordMessages}).
     */
    @Bean
    static BeanPostProcessor batchedInbound(ObjectProvider<InboundEvents> inbound,
            ObjectProvider<CommonErrorHandler> errorHandlers, Environment environment) {
        return new BeanPostProcessor() {
            @Override
            @SuppressWarnings("unchecked")
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory
                        && environment.getProperty("extauth.messaging.batch-consume", Boolean.class, true)) {
                    factory.setBatchListener(true);
                    factory.setBatchMessageConverter(RecordMessages.withoutMappedHeaders());
                    ((AbstractKafkaListenerContainerFactory<?, String, byte[]>) factory)
                            .setBatchToRecordAdapter(new BatchedInbound(inbound.getObject(),
                                    SingletonSupplier.of(errorHandlers::getIfUnique),
                                    maxPollInterval(factory)));
                }
                return bean;
            }
        };
    }

    /**
     * Names a listener's consumer threads by the service and the topics it reads: {@code
     * challenge-service-listener-auth.ordered-1} instead of spring-kafka's {@code
     * org.springframework.kafka.KafkaListenerEndpointContainer#3-1-C-1}, whose number says neither (the local stack
     * runs the four services in one JVM, and its bench and a thread dump tell their CPU apart by thread name). Only
     * the threads' names change: a thread per consumer started as spring-kafka's own executor does, the listener ids
     * and with them the consumer groups as they were. Boot applies it to the listener container factory it builds.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> listenerThreadNames(
            @Value("${spring.application.name}") String name) {
        return container -> {
            if (container.getContainerProperties().getListenerTaskExecutor() == null) {
                container.getContainerProperties().setListenerTaskExecutor(
                        new SimpleAsyncTaskExecutor(name + "-listener-" + source(container) + "-"));
            }
        };
    }

    /** The topics a listener reads, or its topic pattern, or else its id. */
    private static String source(ConcurrentMessageListenerContainer<?, ?> container) {
        String[] topics = container.getContainerProperties().getTopics();
        if (topics != null && topics.length > 0) {
            return String.join(",", topics);
        }
        Pattern pattern = container.getContainerProperties().getTopicPattern();
        return pattern != null ? pattern.pattern() : String.valueOf(container.getListenerId());
    }

    /**
     * Stops a listener container whose record has waited {@code retry.hand-over-after} for a database unreachable
     * from this instance, so that the service's other instances take its partitions, and starts it again once the
     * database takes writes from here.
     */
    @Bean
    ListenerHandOver listenerHandOver(DatabaseProbe database, MessagingProperties properties, Clock clock) {
        return new ListenerHandOver(database, properties.retry().handOverAfter(), clock);
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, byte[]> kafka, MessagingProperties properties,
            ConsumerFactory<?, ?> consumers, DatabaseProbe database, Clock clock, ListenerHandOver handOver) {
        return DeadLetters.errorHandler(kafka, properties.retry(), maxPollInterval(consumers), database, clock,
                handOver);
    }

    /** The consumers' {@code max.poll.interval.ms} of a listener container factory, or Kafka's default. */
    static Duration maxPollInterval(AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
        ConsumerFactory<?, ?> consumers = factory.getConsumerFactory();
        return consumers != null ? maxPollInterval(consumers) : Duration.ofMillis((Integer)
                ConsumerConfig.configDef().defaultValues().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG));
    }

    /** The consumers' {@code max.poll.interval.ms}, as configured or Kafka's default (5 minutes). */
    static Duration maxPollInterval(ConsumerFactory<?, ?> consumers) {
        Object configured = consumers.getConfigurationProperties().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        if (configured == null) {
            configured = ConsumerConfig.configDef().defaultValues().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        }
        return Duration.ofMillis(configured instanceof Number millis ? millis.longValue()
                : Long.parseLong(String.valueOf(configured).trim()));
    }

    @Bean
    @ConditionalOnProperty(name = "extauth.messaging.topics.create", matchIfMissing = true)
    KafkaAdmin.NewTopics contractTopics(MessagingProperties properties) {
        return new KafkaAdmin.NewTopics(ContractTopics.declare(properties.partitions(),
                properties.topics().replication()).toArray(NewTopic[]::new));
    }

    @Bean
    TopicReplicationCheck topicReplicationCheck(KafkaAdmin admin) {
        return new TopicReplicationCheck(admin.getConfigurationProperties(), Duration.ofSeconds(5));
    }
}
