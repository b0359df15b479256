/** The Spring, JDBC and HTTP side of vendor: controllers, listeners, repositories, timers, gateways. */
@NullMarked
package io.extauth.challenge.vendor.adapter;

import org.jspecify.annotations.NullMarked;
