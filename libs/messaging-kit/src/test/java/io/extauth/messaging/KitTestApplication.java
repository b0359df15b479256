package io.extauth.messaging;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.consumer.EventHandlers;
import io.extauth.messaging.consumer.InboundEvents;
import io.extauth.messaging.consumer.TopicListeners;
import io.extauth.messaging.outbox.Outbox;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.PropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A minimal service on the kit: provisions every order it is told of, failing transiently when asked to, and ending
 * its own database session for an order whose id starts with {@code runaway}. It reads
 * through the kit's one listener of a service ({@link io.extauth.messaging.consumer.ServiceListener}), as the services
 * do.
 */
@SpringBootApplication
@PropertySource("classpath:kit-test.properties")
class KitTestApplication {

    @Component
    static class ProvisionOnOrder implements TopicListeners {

        final AtomicInteger transientFailuresLeft = new AtomicInteger();
        /** How often the handler was run for each orderId: a retry shows as more than one. */
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        /** The trace id active in the handler for each orderId: the trace the consuming side continues. */
        final Map<String, String> traceIds = new ConcurrentHashMap<>();
        /** The consumer thread that took each user's last order. */
        final Map<String, String> threads = new ConcurrentHashMap<>();
        private final InboundEvents inbound;
        private final Tracer tracer;
        private final Outbox outbox;
        private final JdbcTemplate jdbc;

        ProvisionOnOrder(InboundEvents inbound, Outbox outbox, JdbcTemplate jdbc, Tracer tracer) {
            this.inbound = inbound;
            this.tracer = tracer;
            this.outbox = outbox;
            this.jdbc = jdbc;
        }

        @Override
        public Map<String, RecordListener> byTopic() {
            return Map.of(Topics.AUTH_ORDERED, this::on);
        }

        void on(ConsumerRecord<String, byte[]> record) {
            threads.put(record.key(), Thread.currentThread().getName());
            inbound.process(record, EventHandlers.create().on(AuthOrdered.class, (order, envelope) -> {
                attempts.computeIfAbsent(order.orderId(), id -> new AtomicInteger()).incrementAndGet();
                Span current = tracer.currentSpan();
                if (current != null) {
                    traceIds.put(order.orderId(), current.context().traceId());
                }
                if (order.orderId().startsWith("flaky") && transientFailuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("vendor briefly unavailable");
                }
                if (order.orderId().startsWith("runaway")) {
                    // as an operator ends a runaway query: its session ends (57P01), the database stays healthy
                    jdbc.queryForObject("SELECT pg_terminate_backend(pg_backend_pid())", Boolean.class);
                }
                jdbc.update("INSERT INTO handled (event_id, order_id) VALUES (?, ?)", envelope.id(), order.orderId());
                outbox.publish(new Provisioned(order.accountId(), order.userId(), order.orderId(), order.type(),
                        "ref-" + order.orderId(), envelope.time()));
            }));
        }
    }
}
