package io.extauth.messaging.tracing;

import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Carries the W3C trace context across the outbox, so that one order or one login is one trace although the relay
 * publishes later on its own thread: the producing transaction's {@code traceparent} is stored with the outbox row,
 * sent as the record's {@code traceparent} header, and the handler on the consuming side runs in a child span of it.
 * Without a tracer ({@link #NONE}) nothing is stored and handlers run as before.
 *
 * <p>A span that no sampler would record is not built at all: under parent-based sampling (Spring Boot's sampler,
 * with OpenTelemetry and Brave alike) a child of an unsampled {@code traceparent} is never recorded, nor is a new
 * trace when new traces are not sampled (the services' default without an OTLP endpoint: probability 0). For such a
 * record the handler runs in a bare trace context instead: the record's trace, a new span id, unsampled — what the
 * unrecorded span would have carried into the outbox, the logs' correlation fields and {@code Tracer.currentSpan()} —
 * without extracting through every configured propagator, sampling, tagging and ending a span per record (an eighth
 * of the listener threads' CPU in a 1,000-order burst). A sampled record, one with other trace headers (tracestate,
 * baggage, B3) or a {@code traceparent} this class does not read exactly still gets its span as before.
 */
public final class EventTracing {

    /** The W3C Trace Context header, on HTTP and on Kafka records alike. */
    public static final String TRACEPARENT = "traceparent";

    /** Headers besides {@code traceparent} that a propagator may read: a record carrying one takes the full path. */
    private static final List<String> OTHER_TRACE_HEADERS = List.of("tracestate", "baggage", "b3", "X-B3-TraceId",
            "X-B3-SpanId", "X-B3-ParentSpanId", "X-B3-Sampled", "X-B3-Flags");

    public static final EventTracing NONE = new EventTracing(Tracer.NOOP, Propagator.NOOP);

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Tracer tracer;
    private final Propagator propagator;
    private final boolean newTracesSampled;
    /** Whether the propagator writes W3C's {@code traceparent}: then it is written here without the propagator. */
    private final boolean writesTraceparent;

    /** A tracer whose new traces may be sampled: every record gets its span. */
    public EventTracing(Tracer tracer, Propagator propagator) {
        this(tracer, propagator, true);
    }

    /**
     * @param newTracesSampled whether a trace begun here (a record without {@code traceparent}) may be sampled; with
     *     {@code false}, such a record's handler runs in a new unsampled trace context without a span
     */
    public EventTracing(Tracer tracer, Propagator propagator, boolean newTracesSampled) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.newTracesSampled = newTracesSampled;
        this.writesTraceparent = propagator.fields().contains(TRACEPARENT);
    }

    /**
     * The {@code traceparent} of the span active on this thread, or {@code null} when none is. Written here as the W3C
     * propagator writes it when the service propagates W3C (it names the field), instead of a map per outbox row
     * filled by every configured propagator of which one field is kept.
     */
    public @Nullable String currentTraceparent() {
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        if (writesTraceparent && hexId(context.traceId(), 32) && hexId(context.spanId(), 16)) {
            return "00-" + context.traceId() + "-" + context.spanId() + (Boolean.TRUE.equals(context.sampled())
                    ? "-01" : "-00");
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * {@code task}, to be run on another thread in the trace context current on this one when it is made (a vendor
     * call that a request hands to a thread of its own still sends the request's {@code traceparent}); without a
     * tracer, {@code task} itself.
     */
    public Runnable inThisTraceContext(Runnable task) {
        return tracer == Tracer.NOOP ? task : tracer.currentTraceContext().wrap(task);
    }

    /**
     * Whether a span begun now on this thread could be recorded: the current span is sampled (or undecided), or no
     * trace is current and new traces may be sampled. A caller may skip building a span that could not be, as the
     * consumer path does here and the provisioning worker's vendor client does for its client observation.
     */
    public boolean spanHereMayBeRecorded() {
        if (tracer == Tracer.NOOP) {
            return false;
        }
        TraceContext context = tracer.currentTraceContext().context();
        return context == null ? newTracesSampled : !Boolean.FALSE.equals(context.sampled());
    }

    /**
     * Runs the handling of a record in a consumer span: a child of the record's {@code traceparent} when it has one
     * (an event written by a traced change), a new trace otherwise. A failure is recorded on the span and rethrown.
     * When the span would not be recorded, the handling runs in its unsampled trace context without one.
     */
    public void inConsumerSpan(ConsumerRecord<?, ?> record, String eventType, Runnable handling) {
        if (tracer == Tracer.NOOP) {
            handling.run();
            return;
        }
        TraceContext unrecorded = unrecordedContextOrNull(record.headers());
        if (unrecorded != null) {
            try (CurrentTraceContext.Scope scope = tracer.currentTraceContext().newScope(unrecorded)) {
                handling.run();
            }
            return;
        }
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

    /**
     * The trace context of the consumer span no sampler would record for these headers, or {@code null} when the
     * span may be recorded or the headers are not plainly one W3C {@code traceparent} (then the span is built).
     */
    private @Nullable TraceContext unrecordedContextOrNull(Headers headers) {
        String traceparent = null;
        for (Header header : headers) {
            String key = header.key();
            if (TRACEPARENT.equals(key)) {
                traceparent = header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
            } else if (otherTraceHeader(key)) {
                return null;
            }
        }
        return unrecordedContextOrNull(tracer, traceparent, newTracesSampled);
    }

    /**
     * The trace context of a span no sampler would record for a message (a record, an HTTP request) whose only trace
     * header is this {@code traceparent} (or none): its trace, a new span id, unsampled. {@code null} when the span
     * may be recorded or the {@code traceparent} is not one this class reads exactly (then the span is built).
     */
    public static @Nullable TraceContext unrecordedContextOrNull(Tracer tracer, @Nullable String traceparent,
            boolean newTracesSampled) {
        if (traceparent == null) {
            // the propagators would continue a trace already current on this thread (none is on a listener thread)
            return newTracesSampled || tracer.currentTraceContext().context() != null ? null
                    : context(tracer, randomId() + randomId(), null);
        }
        return unsampledParent(traceparent)
                ? context(tracer, traceparent.substring(3, 35), traceparent.substring(36, 52)) : null;
    }

    private static boolean otherTraceHeader(String key) {
        for (String other : OTHER_TRACE_HEADERS) {
            if (other.equalsIgnoreCase(key)) {
                return true;
            }
        }
        return false;
    }

    private static TraceContext context(Tracer tracer, String traceId, @Nullable String parentId) {
        return tracer.traceContextBuilder().traceId(traceId).parentId(parentId).spanId(randomId()).sampled(false)
                .build();
    }

    /**
     * Whether this is a version-00 {@code traceparent} exactly as the W3C propagator reads it — lower-case hex, ids not
     * all zero — whose sampled flag is off. Anything else is left to the propagator.
     */
    static boolean unsampledParent(String traceparent) {
        if (traceparent.length() != 55 || !traceparent.startsWith("00-") || traceparent.charAt(35) != '-'
                || traceparent.charAt(52) != '-') {
            return false;
        }
        if (!hex(traceparent, 3, 35) || !hex(traceparent, 36, 52) || !hex(traceparent, 53, 55)) {
            return false;
        }
        if (zeros(traceparent, 3, 35) || zeros(traceparent, 36, 52)) {
            return false;
        }
        return (Character.digit(traceparent.charAt(54), 16) & 1) == 0;
    }

    private static boolean hex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** A valid W3C id: this many lower-case hex digits, not all zero (the propagator writes no other). */
    private static boolean hexId(@Nullable String id, int length) {
        return id != null && id.length() == length && hex(id, 0, length) && !zeros(id, 0, length);
    }

    private static boolean zeros(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    /** 16 lower-case hex digits, not all zero: a span id, or half a trace id. */
    private static String randomId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        char[] digits = new char[16];
        for (int i = 15; i >= 0; i--) {
            digits[i] = HEX[(int) (id & 0xf)];
            id >>>= 4;
        }
        return new String(digits);
    }

    private static @Nullable String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
