package io.extauth.localstack;

import java.util.concurrent.locks.ReentrantLock;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;

/**
 * Lets one application of this JVM at a time through Spring Boot's logging setup. Every application's
 * {@link LoggingApplicationListener} resets and configures the one Logback context of the JVM, and Logback's context
 * is not safe for two threads doing that at once (one resets the context's listeners while the other sets a level and
 * walks them: {@code ConcurrentModificationException}, {@code ArrayIndexOutOfBoundsException}). {@link #before()} takes
 * a JVM-wide lock just before that listener handles an event, {@link #after()} gives it back just after; the rest of
 * each start still runs alongside the others.
 *
 * <p>{@link #releaseHeldByThisThread()} gives the lock back whatever happened in between; {@link Services} calls it when
 * an application's start returns or throws and after each close, so a failed start never keeps the others waiting.
 */
final class OneLoggingSetupAtATime {

    private static final ReentrantLock LOCK = new ReentrantLock();

    private OneLoggingSetupAtATime() {
    }

    /** The listener ordered just before Boot's logging listener: takes the lock. */
    static GenericApplicationListener before() {
        return new Step(LoggingApplicationListener.DEFAULT_ORDER - 1, true);
    }

    /** The listener ordered just after Boot's logging listener: gives the lock back. */
    static GenericApplicationListener after() {
        return new Step(LoggingApplicationListener.DEFAULT_ORDER + 1, false);
    }

    static void releaseHeldByThisThread() {
        while (LOCK.isHeldByCurrentThread()) {
            LOCK.unlock();
        }
    }

    static boolean isHeldByAnyThread() {
        return LOCK.isLocked();
    }

    /** The events on which Boot's logging listener touches the Logback context. */
    private static boolean touchesTheLoggingSystem(Class<?> eventType) {
        return ApplicationStartingEvent.class.isAssignableFrom(eventType)
                || ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
                || ApplicationPreparedEvent.class.isAssignableFrom(eventType)
                || ContextClosedEvent.class.isAssignableFrom(eventType)
                || ApplicationFailedEvent.class.isAssignableFrom(eventType);
    }

    private record Step(int order, boolean take) implements GenericApplicationListener {

        @Override
        public boolean supportsEventType(ResolvableType eventType) {
            Class<?> type = eventType.getRawClass();
            return type != null && touchesTheLoggingSystem(type);
        }

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (take) {
                LOCK.lock();
            } else {
                releaseHeldByThisThread();
            }
        }

        @Override
        public int getOrder() {
            return order;
        }
    }
}
