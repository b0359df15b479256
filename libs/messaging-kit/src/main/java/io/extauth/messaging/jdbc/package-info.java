/** Statements that travel to PostgreSQL together: the relay's lock and scan, a service's lock and the read behind it. */
@NullMarked
package io.extauth.messaging.jdbc;

import org.jspecify.annotations.NullMarked;
