/**
 * Metrics every service exports the same way, counted in one place rather than in each service: events by type and
 * outcome as they are committed to the outbox, dead letters by topic and reason, the outbox backlog and its age.
 */
@NullMarked
package io.extauth.service.metrics;

import org.jspecify.annotations.NullMarked;
