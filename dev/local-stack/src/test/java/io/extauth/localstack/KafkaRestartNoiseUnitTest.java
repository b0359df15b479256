package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.NotControllerException;
import org.junit.jupiter.api.Test;

class KafkaRestartNoiseUnitTest {

    private static final String REGISTRATION = "[ControllerApis nodeId=1] Unexpected error handling request "
            + "RequestHeader(apiKey=CONTROLLER_REGISTRATION, apiVersion=0, clientId=1, correlationId=0, headerVersion=2)";
    private static final String FETCH = "[ControllerApis nodeId=1] Unexpected error handling request "
            + "RequestHeader(apiKey=FETCH, apiVersion=17, clientId=1, correlationId=9, headerVersion=2)";

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> printed = new ListAppender<>();

    KafkaRestartNoiseUnitTest() {
        KafkaRestartNoise filter = new KafkaRestartNoise();
        filter.start();
        printed.addFilter(filter); // as logback.xml puts it on the console appender
        printed.setContext(context);
        printed.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(printed);
    }

    @Test
    void theRefusedRegistrationOfAWarmRestartIsDroppedAndEveryOtherErrorPrinted() {
        Logger controllerApis = context.getLogger(KafkaRestartNoise.LOGGER);
        NotControllerException refused = new NotControllerException("The active controller appears to be node 1.");

        controllerApis.error(REGISTRATION, new CompletionException(refused)); // as Kafka 4.2 logs it
        controllerApis.error(REGISTRATION, refused);
        controllerApis.error(REGISTRATION, new IllegalStateException("disk full"));
        controllerApis.error(FETCH, new CompletionException(refused));
        controllerApis.error(REGISTRATION);
        context.getLogger("kafka.server.BrokerServer").error(REGISTRATION, refused);
        controllerApis.warn(REGISTRATION, refused);

        assertThat(printed.list).extracting(event -> event.getLoggerName() + " " + event.getLevel() + " "
                + (event.getThrowableProxy() == null ? "-" : event.getThrowableProxy().getClassName()))
                .containsExactly(
                        "kafka.server.ControllerApis ERROR java.lang.IllegalStateException",
                        "kafka.server.ControllerApis ERROR java.util.concurrent.CompletionException",
                        "kafka.server.ControllerApis ERROR -",
                        "kafka.server.BrokerServer ERROR org.apache.kafka.common.errors.NotControllerException",
                        "kafka.server.ControllerApis WARN org.apache.kafka.common.errors.NotControllerException");
    }
}
