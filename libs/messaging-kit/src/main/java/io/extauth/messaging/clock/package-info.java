/**
 * The clock the services decide by: the database's, read every few seconds and counted on by the monotonic clock, so
 * that every instance agrees on when a lease, a reservation, an expiry or a lock ends
 * ({@link io.extauth.messaging.clock.DatabaseClock}).
 */
@NullMarked
package io.extauth.messaging.clock;

import org.jspecify.annotations.NullMarked;
