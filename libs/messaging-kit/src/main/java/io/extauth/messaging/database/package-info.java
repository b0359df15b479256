@NullMarked
package io.extauth.messaging.database;

import org.jspecify.annotations.NullMarked;
