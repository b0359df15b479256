/** The adapter to the telephony gateway (calls, SMS, app pushes). */
@NullMarked
package io.extauth.challenge.telephony;

import org.jspecify.annotations.NullMarked;
