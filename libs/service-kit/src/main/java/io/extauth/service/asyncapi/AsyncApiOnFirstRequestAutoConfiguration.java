package io.extauth.service.asyncapi;

import io.github.springwolf.core.SpringwolfInitApplicationListener;
import io.github.springwolf.core.asyncapi.AsyncApiService;
import io.github.springwolf.core.configuration.SpringwolfAutoConfiguration;
import io.github.springwolf.core.configuration.properties.SpringwolfConfigProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;

/**
 * The AsyncAPI document is built when it is first asked for ({@code GET /springwolf/docs}), not when the service has
 * started. Springwolf builds it at {@code ApplicationReadyEvent} by default: a scan of the service's listeners and
 * publishers and a schema for every payload, on the start's critical path. In a local stack's warm start that build
 * was 11.5% of the application threads' CPU (async-profiler; ~0.4 CPU s per service), the JIT's work on its code
 * besides (issue 14). Springwolf's {@code DefaultAsyncApiService} builds the document on the first request itself,
 * once, under its lock; that request waits for it.
 * <p>
 * What changes: a document that cannot be built no longer stops the service's start; its request fails instead, and
 * every later one until a restart (Springwolf keeps the failed build). The services' document tests
 * ({@code AsyncApiDocumentIntegrationTest}, {@code ApiDocsIntegrationTest}) read it, so such a defect still fails the
 * build.
 */
@AutoConfiguration(before = SpringwolfAutoConfiguration.class)
@ConditionalOnClass(SpringwolfInitApplicationListener.class)
@ConditionalOnProperty(name = "springwolf.enabled", havingValue = "true", matchIfMissing = true)
public class AsyncApiOnFirstRequestAutoConfiguration {

    /** Takes the place of Springwolf's (its bean is conditional on none being defined). */
    @Bean
    SpringwolfInitApplicationListener springwolfInitApplicationListener(AsyncApiService asyncApi,
            SpringwolfConfigProperties properties) {
        return new BuiltOnFirstRequest(asyncApi, properties);
    }

    /** Every event type of an operation described, not only the first one's ({@link EveryPayloadDescribed}). */
    @Bean
    EveryPayloadDescribed everyPayloadDescribed() {
        return new EveryPayloadDescribed();
    }

    /** Every message's headers and key, the CloudEvents binding's ({@link CloudEventMessages}). */
    @Bean
    CloudEventMessages cloudEventMessages() {
        return new CloudEventMessages();
    }

    /** Every read topic's dead-letter topic, which the service writes ({@link DeadLetterChannels}). */
    @Bean
    DeadLetterChannels deadLetterChannels() {
        return new DeadLetterChannels();
    }

    /** Springwolf's start-up listener, minus the start-up build. */
    public static final class BuiltOnFirstRequest extends SpringwolfInitApplicationListener {

        BuiltOnFirstRequest(AsyncApiService asyncApi, SpringwolfConfigProperties properties) {
            super(asyncApi, properties);
        }

        @Override
        public void onApplicationEvent(ApplicationReadyEvent event) {
            // nothing: the document is built on its first request
        }
    }
}
