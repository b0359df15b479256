/** The JDBC side every feature shares: statements that travel to PostgreSQL together. */
@NullMarked
package io.extauth.challenge.database.adapter;

import org.jspecify.annotations.NullMarked;
