/** The Spring, JDBC and HTTP side of contact: controllers, listeners, repositories, timers, gateways. */
@NullMarked
package io.extauth.challenge.contact.adapter;

import org.jspecify.annotations.NullMarked;
