/** Pricing rules in plain Java: monthly fee per type, promo codes. */
@NullMarked
package io.extauth.order.pricing;

import org.jspecify.annotations.NullMarked;
