/** Text messages: sent by the services, read and replied to by whoever plays the phone. */
@NullMarked
package io.extauth.simulator.telephony.sms;

import org.jspecify.annotations.NullMarked;
