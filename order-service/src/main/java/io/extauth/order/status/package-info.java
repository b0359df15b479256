/** Order status rules in plain Java: which event moves an order where. */
@NullMarked
package io.extauth.order.status;

import org.jspecify.annotations.NullMarked;
