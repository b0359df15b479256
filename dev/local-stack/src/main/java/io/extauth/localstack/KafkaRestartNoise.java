package io.extauth.localstack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the one ERROR the local stack's broker prints on nearly every warm restart: its controller, elected a moment
 * later, refuses its own node's controller registration with {@code NotControllerException: The active controller
 * appears to be node 1}, a stack trace of ~40 lines. Kafka's registration manager sends it again, to the active
 * controller, and it goes through. Every other event, this logger's other errors included, passes. {@code
 * logback.xml} puts it on the console appender, so it sees only what is printed: a turbo filter would run on every
 * logger check of every thread in the JVM. {@code ./extauth cluster}'s Kafka nodes read the same file: there too that
 * one refusal is not printed, at any {@code EXTAUTH_LOG_LEVEL}.
 */
public final class KafkaRestartNoise extends Filter<ILoggingEvent> {

    static final String LOGGER = "kafka.server.ControllerApis";
    static final String REQUEST = "apiKey=CONTROLLER_REGISTRATION";
    static final String REFUSAL = "org.apache.kafka.common.errors.NotControllerException";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (event.getLevel() != Level.ERROR || event.getThrowableProxy() == null
                || !LOGGER.equals(event.getLoggerName()) || event.getMessage() == null
                || !event.getMessage().contains(REQUEST)) {
            return FilterReply.NEUTRAL;
        }
        for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
            if (REFUSAL.equals(cause.getClassName())) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
