/** The Spring, JDBC and HTTP side of login: controllers, listeners, repositories, timers, gateways. */
@NullMarked
package io.extauth.challenge.login.adapter;

import org.jspecify.annotations.NullMarked;
