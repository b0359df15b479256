package io.extauth.service.tracing;

import io.extauth.messaging.MessagingAutoConfiguration;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Boot's handler of inbound requests' spans, replaced by one that builds no span no sampler would record
 * ({@link UnrecordedRequestSpans}); in Boot's place and order among the tracing handlers.
 */
@AutoConfiguration(after = OpenTelemetryTracingAutoConfiguration.class,
        before = MicrometerTracingAutoConfiguration.class)
@ConditionalOnClass({Tracer.class, PropagatingReceiverTracingObservationHandler.class})
public class RequestTracingAutoConfiguration {

    @Bean
    @ConditionalOnBean({Tracer.class, Propagator.class})
    @Order(MicrometerTracingAutoConfiguration.RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER)
    UnrecordedRequestSpans extauthRequestSpans(Tracer tracer, Propagator propagator, Environment environment) {
        return new UnrecordedRequestSpans(tracer, propagator, MessagingAutoConfiguration.newTracesSampled(environment));
    }
}
