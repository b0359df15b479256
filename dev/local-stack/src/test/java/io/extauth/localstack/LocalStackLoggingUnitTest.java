package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.FilterReply;
import java.net.URL;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.NotControllerException;
import org.junit.jupiter.api.Test;

/** The stack's own {@code logback.xml}, as {@code ./extauth up} and the cluster's Kafka nodes load it. */
class LocalStackLoggingUnitTest {

    @Test
    void theConsoleLeavesOutTheRefusedRegistrationOfAWarmRestartAndPrintsTheBrokersOtherErrors() throws Exception {
        URL stackConfiguration = new URL(KafkaRestartNoise.class.getProtectionDomain().getCodeSource().getLocation(),
                "logback.xml");
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(stackConfiguration);
        Appender<ILoggingEvent> console = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        Logger controllerApis = context.getLogger(KafkaRestartNoise.LOGGER);
        String registration = "[ControllerApis nodeId=1] Unexpected error handling request "
                + "RequestHeader(apiKey=CONTROLLER_REGISTRATION, apiVersion=0, clientId=1, correlationId=0)";

        LoggingEvent refused = new LoggingEvent(Logger.FQCN, controllerApis, Level.ERROR, registration,
                new CompletionException(new NotControllerException("The active controller appears to be node 1.")),
                null);
        LoggingEvent failed = new LoggingEvent(Logger.FQCN, controllerApis, Level.ERROR, registration,
                new IllegalStateException("disk full"), null);

        assertThat(controllerApis.isEnabledFor(Level.ERROR)).as("the broker's errors reach the console").isTrue();
        assertThat(console.getFilterChainDecision(refused)).isEqualTo(FilterReply.DENY);
        assertThat(console.getFilterChainDecision(failed)).isEqualTo(FilterReply.NEUTRAL);
    }
}
