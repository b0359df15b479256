/** App pushes: sent by challenge-service, approved (with PIN) or denied (maybe as fraud) by whoever plays the app. */
@NullMarked
package io.extauth.simulator.telephony.push;

import org.jspecify.annotations.NullMarked;
