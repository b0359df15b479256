/** Strikes, lockout and the durable unlock timer; admin unlock and deactivation. */
@NullMarked
package io.extauth.challenge.lockout;

import org.jspecify.annotations.NullMarked;
