@NullMarked
package io.extauth.messaging.inbox;

import org.jspecify.annotations.NullMarked;
