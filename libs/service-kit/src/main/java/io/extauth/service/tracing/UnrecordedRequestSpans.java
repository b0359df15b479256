package io.extauth.service.tracing;

import io.extauth.messaging.tracing.EventTracing;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The server span of an inbound request (an HTTP request's observation) only when a sampler could record it. Under
 * Boot's parent-based sampler a request whose {@code traceparent} is unsampled, or a request without one while new
 * traces are not sampled (the services' default without an OTLP endpoint: probability 0), gets a span that is never
 * recorded, yet it was extracted through every configured propagator, built, sampled, tagged, scoped and ended per
 * request. Such a request is now handled in its trace context alone, as the messaging kit handles such a record
 * ({@link EventTracing#unrecordedContextOrNull}): the caller's trace (or a new one), a new span id, unsampled — the
 * same {@code traceparent} in the outbox and on outgoing calls, the same log correlation. The observation itself,
 * and so {@code http.server.requests}, is untouched. A sampled request, one with any other trace header the
 * propagators read (tracestate, baggage, B3) or a {@code traceparent} not read exactly as the W3C propagator reads it
 * gets its span as before.
 */
public final class UnrecordedRequestSpans extends PropagatingReceiverTracingObservationHandler<ReceiverContext<?>> {

    private final Tracer tracer;
    private final boolean newTracesSampled;
    /** The headers besides {@code traceparent} the configured propagators read: a request with one takes the span. */
    private final List<String> otherTraceHeaders;

    public UnrecordedRequestSpans(Tracer tracer, Propagator propagator, boolean newTracesSampled) {
        super(tracer, propagator);
        this.tracer = tracer;
        this.newTracesSampled = newTracesSampled;
        this.otherTraceHeaders = propagator.fields().stream()
                .filter(field -> !EventTracing.TRACEPARENT.equalsIgnoreCase(field)).toList();
    }

    @Override
    public void onStart(ReceiverContext<?> context) {
        TraceContext unrecorded = unrecordedContextOrNull(context);
        if (unrecorded == null) {
            super.onStart(context);
            return;
        }
        context.put(Unrecorded.class, new Unrecorded(unrecorded));
        getTracingContext(context); // without a span: the meter handler's exemplars look for one and find none
    }

    @Override
    public void onScopeOpened(ReceiverContext<?> context) {
        Unrecorded unrecorded = context.get(Unrecorded.class);
        if (unrecorded == null) {
            super.onScopeOpened(context);
            return;
        }
        unrecorded.scopes.push(tracer.currentTraceContext().newScope(unrecorded.context));
    }

    @Override
    public void onScopeClosed(ReceiverContext<?> context) {
        Unrecorded unrecorded = context.get(Unrecorded.class);
        if (unrecorded == null) {
            super.onScopeClosed(context);
            return;
        }
        CurrentTraceContext.Scope scope = unrecorded.scopes.poll();
        if (scope != null) {
            scope.close();
        }
    }

    @Override
    public void onEvent(Observation.Event event, ReceiverContext<?> context) {
        if (!context.containsKey(Unrecorded.class)) {
            super.onEvent(event, context);
        }
    }

    @Override
    public void onError(ReceiverContext<?> context) {
        if (!context.containsKey(Unrecorded.class)) {
            super.onError(context);
        }
    }

    @Override
    public void onStop(ReceiverContext<?> context) {
        if (!context.containsKey(Unrecorded.class)) {
            super.onStop(context);
        }
    }

    private @Nullable TraceContext unrecordedContextOrNull(ReceiverContext<?> context) {
        if (newTracesSampled && header(context, EventTracing.TRACEPARENT) == null) {
            return null;
        }
        for (String other : otherTraceHeaders) {
            if (header(context, other) != null) {
                return null;
            }
        }
        return EventTracing.unrecordedContextOrNull(tracer, header(context, EventTracing.TRACEPARENT),
                newTracesSampled);
    }

    private static <C> @Nullable String header(ReceiverContext<C> context, String name) {
        return context.getGetter().get(context.getCarrier(), name);
    }

    /** The trace context of a request without a span, and the scopes its observation opened on this thread. */
    private static final class Unrecorded {

        private final TraceContext context;
        private final Deque<CurrentTraceContext.Scope> scopes = new ArrayDeque<>(1);

        private Unrecorded(TraceContext context) {
            this.context = context;
        }
    }
}
