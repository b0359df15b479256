/** Order status adapters: the orders table, listeners that move statuses, the read endpoints. */
@NullMarked
package io.extauth.order.status.adapter;

import org.jspecify.annotations.NullMarked;
