/** The Spring, JDBC and HTTP side of lockout: controllers, listeners, repositories, timers, gateways. */
@NullMarked
package io.extauth.challenge.lockout.adapter;

import org.jspecify.annotations.NullMarked;
