/** Pricing's adapters: configured fees, the promo table, the operators' promo endpoint. */
@NullMarked
package io.extauth.order.pricing.adapter;

import org.jspecify.annotations.NullMarked;
