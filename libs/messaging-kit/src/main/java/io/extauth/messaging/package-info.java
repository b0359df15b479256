/**
 * The messaging kit every service uses: transactional outbox, inbox, CloudEvents mapping, retry and dead-lettering.
 * Written once here, never per service.
 */
@NullMarked
package io.extauth.messaging;

import org.jspecify.annotations.NullMarked;
