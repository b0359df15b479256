/**
 * The messaging kit every service uses: transactional outbox, inbox, CloudEvents mapping, retry and dead-lettering,
 * and the durable work runner ({@code work}) for work done outside a transaction.
 * Written once here, never per service.
 */
@NullMarked
package io.extauth.messaging;

import org.jspecify.annotations.NullMarked;
