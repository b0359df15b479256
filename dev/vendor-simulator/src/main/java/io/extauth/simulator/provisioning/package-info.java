/** Vendor provisioning as the provisioning service sees it: PhoneFactor users and VIP credential bindings, idempotent. */
@NullMarked
package io.extauth.simulator.provisioning;

import org.jspecify.annotations.NullMarked;
