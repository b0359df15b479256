/** Voice calls: placed by challenge-service, answered with keys (or not) by whoever plays the phone. */
@NullMarked
package io.extauth.simulator.telephony.call;

import org.jspecify.annotations.NullMarked;
