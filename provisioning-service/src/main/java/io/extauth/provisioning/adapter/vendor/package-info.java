/** The vendors' HTTP APIs behind the {@code VendorGateway} port: one adapter per vendor, on Spring's RestClient. */
@NullMarked
package io.extauth.provisioning.adapter.vendor;

import org.jspecify.annotations.NullMarked;
