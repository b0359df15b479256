/** The Spring, JDBC and HTTP side of callback: controllers, listeners, repositories, timers, gateways. */
@NullMarked
package io.extauth.challenge.callback.adapter;

import org.jspecify.annotations.NullMarked;
