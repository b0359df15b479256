/** The Spring, JDBC and HTTP side of telephony: controllers, listeners, repositories, timers, gateways. */
@NullMarked
package io.extauth.challenge.telephony.adapter;

import org.jspecify.annotations.NullMarked;
