@NullMarked
package io.extauth.messaging.outbox;

import org.jspecify.annotations.NullMarked;
