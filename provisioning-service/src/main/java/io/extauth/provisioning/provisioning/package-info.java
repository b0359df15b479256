/** Provisioning rules in plain Java: what to ask the vendor for an order, and what its answer means. */
@NullMarked
package io.extauth.provisioning.provisioning;

import org.jspecify.annotations.NullMarked;
