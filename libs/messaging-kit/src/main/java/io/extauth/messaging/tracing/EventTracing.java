package io.extauth.messaging.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Carries the W3C trace context across the outbox, so that one order or one login is one trace although the relay
 * publishes later on its own thread: the producing transaction's {@code traceparent} is stored with the outbox row,
 * sent as the record's {@code traceparent} header, and the handler on the consuming side runs in a child span of it.
 * Without a tracer ({@link #NONE}) nothing is stored and handlers run as before.
 */
public final class EventTracing {

    /** The W3C Trace Context header, on HTTP and on Kafka records alike. */
    public static final String TRACEPARENT = "traceparent";

    public static final EventTracing NONE = new EventTracing(Tracer.NOOP, Propagator.NOOP);

    private final Tracer tracer;
    private final Propagator propagator;

    public EventTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The {@code traceparent} of the span active on this thread, or {@code null} when none is. */
    public @Nullable String currentTraceparent() {
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * Runs the handling of a record in a consumer span: a child of the record's {@code traceparent} when it has one
     * (an event written by a traced change), a new trace otherwise. A failure is recorded on the span and rethrown.
     */
    public void inConsumerSpan(ConsumerRecord<?, ?> record, String eventType, Runnable handling) {
        Span span = propagator.extract(record.headers(), EventTracing::header)
                .name(eventType + " receive")
                .kind(Span.Kind.CONSUMER)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", record.topic())
                .start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            handling.run();
        } catch (RuntimeException failure) {
            span.error(failure);
            throw failure;
        } finally {
            span.end();
        }
    }

    private static @Nullable String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
