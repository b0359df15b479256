/** The Spring, JDBC and HTTP side of vip: controllers, listeners, repositories, timers, gateways. */
@NullMarked
package io.extauth.challenge.vip.adapter;

import org.jspecify.annotations.NullMarked;
