/** The PhoneFactor telephony gateway: calls, SMS and app pushes that a test or a person answers in the user's place. */
@NullMarked
package io.extauth.simulator.telephony;

import org.jspecify.annotations.NullMarked;
