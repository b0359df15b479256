/** The contract's topics as the kit declares them, and the check that they survive the loss of a broker. */
@NullMarked
package io.extauth.messaging.topics;

import org.jspecify.annotations.NullMarked;
