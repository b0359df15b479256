/** Signed callbacks from the telephony gateway. */
@NullMarked
package io.extauth.challenge.callback;

import org.jspecify.annotations.NullMarked;
