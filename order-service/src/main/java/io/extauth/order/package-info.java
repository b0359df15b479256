/** order-service: order intake from the portal and billing, validation, pricing and order status. */
@NullMarked
package io.extauth.order;

import org.jspecify.annotations.NullMarked;
