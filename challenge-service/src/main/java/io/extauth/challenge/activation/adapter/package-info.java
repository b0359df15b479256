/** The Spring, JDBC and HTTP side of activation: controllers, listeners, repositories, timers, gateways. */
@NullMarked
package io.extauth.challenge.activation.adapter;

import org.jspecify.annotations.NullMarked;
