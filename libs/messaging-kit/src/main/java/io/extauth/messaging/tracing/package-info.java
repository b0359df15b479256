/** The W3C trace context of an event, kept across the outbox and continued where the event is handled. */
@NullMarked
package io.extauth.messaging.tracing;

import org.jspecify.annotations.NullMarked;
