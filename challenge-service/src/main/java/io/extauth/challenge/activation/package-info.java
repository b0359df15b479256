/** PhoneFactor phone verification and settings, Symantec VIP activation. */
@NullMarked
package io.extauth.challenge.activation;

import org.jspecify.annotations.NullMarked;
