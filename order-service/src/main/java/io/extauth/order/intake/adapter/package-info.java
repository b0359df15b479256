/** The two doors of order intake: the portal over HTTP and billing on billing.orders, around the plain rules. */
@NullMarked
package io.extauth.order.intake.adapter;

import org.jspecify.annotations.NullMarked;
