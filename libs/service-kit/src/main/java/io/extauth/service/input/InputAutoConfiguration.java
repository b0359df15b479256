package io.extauth.service.input;

import com.fasterxml.jackson.core.StreamReadConstraints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jackson2.autoconfigure.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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

    @Bean
    Jackson2ObjectMapperBuilderCustomizer boundedJson(InputLimitsProperties limits) {
        int maxBody = (int) Math.min(Integer.MAX_VALUE / 2, limits.maxBodySize().toBytes());
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                // twice the body limit: a body past the limit is the filter's 413; this bounds JSON from elsewhere
                .maxDocumentLength(2L * maxBody)
                .maxStringLength(maxBody)
                .maxNameLength(Math.min(maxBody, 1024))
                .maxNestingDepth(limits.maxJsonDepth())
                .maxNumberLength(limits.maxNumberLength())
                .build();
        return builder -> builder
                .deserializerByType(String.class, new StorableStringDeserializer())
                .postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(constraints));
    }
}
