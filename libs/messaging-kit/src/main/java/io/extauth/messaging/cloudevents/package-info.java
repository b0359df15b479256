@NullMarked
package io.extauth.messaging.cloudevents;

import org.jspecify.annotations.NullMarked;
