/** Order intake rules in plain Java: one validator for the portal and the billing door. */
@NullMarked
package io.extauth.order.intake;

import org.jspecify.annotations.NullMarked;
