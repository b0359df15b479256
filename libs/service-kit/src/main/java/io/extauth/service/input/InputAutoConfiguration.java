package io.extauth.service.input;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.module.SimpleModule;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/** Bounds what every service reads from a caller: body size, JSON shape, text it could not store. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(InputLimitsProperties.class)
@Import(InputProblemsAdvice.class)
public class InputAutoConfiguration {

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(InputLimitsProperties limits) {
        FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(
                new BodyLimitFilter(limits.maxBodySize().toBytes()));
        // ahead of Spring Security (-100) and everything else: an unauthenticated huge body costs nothing
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
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
