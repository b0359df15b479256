/**
 * Durable work done outside any transaction: rows claimed with {@code FOR UPDATE SKIP LOCKED} and a lease, a fixed
 * number of slots, outcomes recorded only while the lease holds, transient failures retried after a back-off.
 * Each service keeps its own table behind a {@link io.extauth.messaging.work.WorkQueue} and its own decisions.
 */
@NullMarked
package io.extauth.messaging.work;

import org.jspecify.annotations.NullMarked;
