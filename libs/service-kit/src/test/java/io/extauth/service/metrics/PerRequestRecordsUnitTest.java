package io.extauth.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.service.ServiceDefaults;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletConfig;
import org.springframework.web.context.support.ServletRequestHandledEvent;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * What every HTTP request records besides its handler's work, under the service defaults: its
 * {@code http.server.requests} timer, and neither an "active requests" long-task timer nor a
 * {@link ServletRequestHandledEvent}, which nothing reads or listens to. An operator can have both back.
 */
class PerRequestRecordsUnitTest {

    private final ApplicationContextRunner metrics = new ApplicationContextRunner()
            .withInitializer(context -> new ServiceDefaults().postProcessEnvironment(context.getEnvironment(),
                    new SpringApplication()))
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class));

    private final WebApplicationContextRunner dispatcher = new WebApplicationContextRunner()
            .withInitializer(context -> new ServiceDefaults().postProcessEnvironment(context.getEnvironment(),
                    new SpringApplication()))
            .withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class))
            .withBean(HandledEvents.class, HandledEvents::new);

    @Test
    void aRequestIsTimedWithoutALongTaskTimerOfTheRequestsInProgress() {
        metrics.run(context -> {
            MeterRegistry meters = observeOneRequest(context.getBean(ObservationRegistry.class),
                    context.getBean(MeterRegistry.class));

            assertThat(meters.get("http.server.requests").timer().count()).isEqualTo(1);
            assertThat(meters.find("http.server.requests.active").longTaskTimer()).isNull();
        });
    }

    @Test
    void anOperatorCanHaveTheRequestsInProgressTimedAgain() {
        metrics.withPropertyValues("management.metrics.observations.ignored-meters=").run(context -> {
            MeterRegistry meters = observeOneRequest(context.getBean(ObservationRegistry.class),
                    context.getBean(MeterRegistry.class));

            assertThat(meters.find("http.server.requests.active").longTaskTimer()).isNotNull();
        });
    }

    @Test
    void aRequestServedByTheDispatcherPublishesNoRequestHandledEvent() {
        dispatcher.run(context -> {
            serveOneRequest(context.getBean(DispatcherServlet.class));

            assertThat(context.getBean(HandledEvents.class).seen).isEmpty();
        });
    }

    @Test
    void anOperatorCanHaveTheRequestHandledEventsPublishedAgain() {
        dispatcher.withPropertyValues("spring.mvc.publish-request-handled-events=true").run(context -> {
            serveOneRequest(context.getBean(DispatcherServlet.class));

            assertThat(context.getBean(HandledEvents.class).seen).hasSize(1);
        });
    }

    private static MeterRegistry observeOneRequest(ObservationRegistry observations, MeterRegistry meters) {
        Observation.createNotStarted("http.server.requests", observations).observe(() -> { });
        return meters;
    }

    private static void serveOneRequest(DispatcherServlet servlet) throws Exception {
        servlet.init(new MockServletConfig());
        MockHttpServletResponse response = new MockHttpServletResponse();
        servlet.service(new MockHttpServletRequest("GET", "/nothing-here"), response);
        assertThat(response.getStatus()).as("served (no handler: 404)").isEqualTo(404);
    }

    static final class HandledEvents implements ApplicationListener<ServletRequestHandledEvent> {

        final List<ServletRequestHandledEvent> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(ServletRequestHandledEvent event) {
            seen.add(event);
        }
    }
}
