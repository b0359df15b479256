package io.extauth.service.input;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.module.SimpleModule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.apache.catalina.Valve;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Bounds what every service reads from a caller: body size, JSON shape, text it could not store. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(InputLimitsProperties.class)
@Import(InputProblemsAdvice.class)
public class InputAutoConfiguration {

    @Bean
    LateBodies lateBodies(InputLimitsProperties limits, ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry == null) {
            return new LateBodies(limits.lateBodies(), limits.lateBodyPlaceWait(), limits.lateBodyDeadline(),
                    outcome -> { });
        }
        Map<LateBodies.Outcome, Counter> counters = new EnumMap<>(LateBodies.Outcome.class);
        for (LateBodies.Outcome outcome : LateBodies.Outcome.values()) {
            counters.put(outcome, Counter.builder("extauth.http.late.bodies").description("Request bodies not all "
                    + "there when their request was handled, by what became of them").tag("outcome", outcome.tag())
                    .register(registry));
        }
        LateBodies lateBodies = new LateBodies(limits.lateBodies(), limits.lateBodyPlaceWait(),
                limits.lateBodyDeadline(), outcome -> counters.get(outcome).increment());
        Gauge.builder("extauth.http.late.bodies.waiting", lateBodies, LateBodies::waiting).description("Request "
                + "bodies not all there when their request was handled, waited for now").register(registry);
        return lateBodies;
    }

    /**
     * JSON only, read and written by the mapper bounded below ({@link JsonOnly}); request bodies read strictly
     * ({@link StrictJson}).
     */
    @Bean
    ServerHttpMessageConvertersCustomizer jsonOnly() {
        return converters -> converters.configureMessageConvertersList(list -> {
            JsonOnly.leaveOutOtherFormats(list);
            StrictJson.readBodiesStrictly(list);
        });
    }

    /** An answer nobody would accept refused before its handler runs ({@link JsonAnswers}). */
    @Bean
    WebMvcConfigurer jsonAnswers() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new JsonAnswers());
            }
        };
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(InputLimitsProperties limits, LateBodies lateBodies) {
        FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(
                new BodyLimitFilter(limits.maxBodySize().toBytes(), lateBodies));
        // ahead of Spring Security (-100) and everything else: an unauthenticated huge body costs nothing
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /**
     * On Tomcat: a refused body's connection closed at once, not drained first ({@link UnreadBodyValve}); chunked
     * bodies without extensions or trailers.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Valve.class, TomcatContextCustomizer.class})
    static class OnTomcat {

        @Bean
        TomcatContextCustomizer unreadBodies() {
            return context -> context.getPipeline().addValve(new UnreadBodyValve());
        }

        /**
         * No chunk extensions and no trailer fields in request bodies: Tomcat reads a chunk's extension and the
         * trailers within one read, a byte at a time if they come so (8 KiB each by default), where the late bodies'
         * deadline cannot cut in. No client of this API sends either; the final chunk's empty trailer still fits.
         */
        @Bean
        TomcatConnectorCustomizer plainChunks() {
            return connector -> {
                if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                    http.setMaxExtensionSize(0);
                    http.setMaxTrailerSize(2);
                }
            };
        }
    }

    /** Jackson 3 keeps read limits on the (immutable) factory, so they are set where Boot builds it. */
    @Bean
    JsonFactoryBuilderCustomizer boundedJson(InputLimitsProperties limits) {
        int maxBody = (int) Math.min(Integer.MAX_VALUE / 2, limits.maxBodySize().toBytes());
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                // twice the body limit: a body past the limit is the filter's 413; this bounds JSON from elsewhere
                .maxDocumentLength(2L * maxBody)
                .maxStringLength(maxBody)
                .maxNameLength(Math.min(maxBody, 1024))
                .maxNestingDepth(limits.maxJsonDepth())
                .maxNumberLength(limits.maxNumberLength())
                .build();
        return builder -> builder.streamReadConstraints(constraints);
    }

    @Bean
    JsonMapperBuilderCustomizer storableText() {
        return builder -> builder.addModule(new SimpleModule("storable-text")
                .addDeserializer(String.class, new StorableStringDeserializer()));
    }
}
