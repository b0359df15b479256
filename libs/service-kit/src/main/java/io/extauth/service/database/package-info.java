/** How the services reach PostgreSQL: the sockets under the driver. */
@NullMarked
package io.extauth.service.database;

import org.jspecify.annotations.NullMarked;
