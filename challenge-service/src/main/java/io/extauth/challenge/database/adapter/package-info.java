/** The JDBC side every feature shares (statements sent together: the messaging kit's {@code OneRoundTrip}). */
@NullMarked
package io.extauth.challenge.database.adapter;

import org.jspecify.annotations.NullMarked;
