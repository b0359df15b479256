package io.extauth.service.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.springwolf.asyncapi.v3.model.AsyncAPI;
import io.github.springwolf.core.SpringwolfInitApplicationListener;
import io.github.springwolf.core.asyncapi.AsyncApiService;
import io.github.springwolf.core.configuration.properties.SpringwolfConfigProperties;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.support.GenericApplicationContext;

class AsyncApiOnFirstRequestUnitTest {

    /** Counts the builds asked for. */
    private static final class CountingAsyncApi implements AsyncApiService {
        final AtomicInteger builds = new AtomicInteger();

        @Override
        public AsyncAPI getAsyncAPI() {
            builds.incrementAndGet();
            return AsyncAPI.builder().build();
        }
    }

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AsyncApiOnFirstRequestAutoConfiguration.class))
            .withBean(AsyncApiService.class, CountingAsyncApi::new)
            .withBean(SpringwolfConfigProperties.class, SpringwolfConfigProperties::new);

    @Test
    void theServiceBeingReadyBuildsNoDocumentWhereSpringwolfsOwnListenerBuildsOne() {
        CountingAsyncApi asyncApi = new CountingAsyncApi();
        SpringwolfConfigProperties properties = new SpringwolfConfigProperties();
        properties.setInitMode(SpringwolfConfigProperties.InitMode.FAIL_FAST);

        ready(new AsyncApiOnFirstRequestAutoConfiguration.BuiltOnFirstRequest(asyncApi, properties));
        assertThat(asyncApi.builds).hasValue(0);

        ready(new SpringwolfInitApplicationListener(asyncApi, properties)); // what it takes the place of
        assertThat(asyncApi.builds).hasValue(1);
    }

    @Test
    void itTakesTheStartUpListenersPlaceWhileSpringwolfIsOn() {
        contexts.run(context -> assertThat(context.getBean(SpringwolfInitApplicationListener.class))
                .isInstanceOf(AsyncApiOnFirstRequestAutoConfiguration.BuiltOnFirstRequest.class));
        contexts.withPropertyValues("springwolf.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(SpringwolfInitApplicationListener.class));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void ready(SpringwolfInitApplicationListener listener) {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            ApplicationEvent event = new ApplicationReadyEvent(new SpringApplication(), new String[0], context,
                    Duration.ZERO);
            ((ApplicationListener) listener).onApplicationEvent(event); // as Spring's multicaster calls it
        }
    }
}
