/** Who to write to: the contact of each order, the one place the clear e-mail address is kept. */
@NullMarked
package io.extauth.notification.contact;

import org.jspecify.annotations.NullMarked;
