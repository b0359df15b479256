@NullMarked
package io.extauth.messaging.consumer;

import org.jspecify.annotations.NullMarked;
