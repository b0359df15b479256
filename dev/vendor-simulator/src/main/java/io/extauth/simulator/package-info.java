/** Development and tests only: stands in for the PhoneFactor telephony gateway and Symantec VIP over HTTP. */
@NullMarked
package io.extauth.simulator;

import org.jspecify.annotations.NullMarked;
