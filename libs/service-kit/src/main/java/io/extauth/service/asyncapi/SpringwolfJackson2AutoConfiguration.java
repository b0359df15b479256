package io.extauth.service.asyncapi;

import io.github.springwolf.core.asyncapi.components.ComponentsService;
import io.github.springwolf.core.configuration.SpringwolfAutoConfiguration;
import io.github.springwolf.core.controller.PublishingPayloadCreator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Springwolf 1.12 (built for Boot 3) wants a Jackson 2 {@code ObjectMapper} bean for its publish-from-the-UI payloads,
 * which the services leave off; its own mapper here stays inside Springwolf, so the application context has Jackson 3
 * only. On when Springwolf itself is. Drop this once Springwolf runs on Jackson 3.
 */
@AutoConfiguration(before = SpringwolfAutoConfiguration.class)
@ConditionalOnClass(PublishingPayloadCreator.class)
@ConditionalOnProperty(name = "springwolf.enabled", havingValue = "true", matchIfMissing = true)
public class SpringwolfJackson2AutoConfiguration {

    @Bean
    PublishingPayloadCreator publishingPayloadCreator(ComponentsService components) {
        return new PublishingPayloadCreator(components, new com.fasterxml.jackson.databind.ObjectMapper());
    }
}
