/** The Spring, JDBC and HTTP side of factor: controllers, listeners, repositories, timers, gateways. */
@NullMarked
package io.extauth.challenge.factor.adapter;

import org.jspecify.annotations.NullMarked;
