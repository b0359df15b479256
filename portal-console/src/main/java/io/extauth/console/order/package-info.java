/** Ordering External Authentication for a user: the form and every validation error next to its field. */
@NullMarked
package io.extauth.console.order;

import org.jspecify.annotations.NullMarked;
