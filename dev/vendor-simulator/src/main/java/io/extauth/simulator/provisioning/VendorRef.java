package io.extauth.simulator.provisioning;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The vendor's own reference for what it created. */
record VendorRef(String vendorRef) {

    static ResponseEntity<VendorRef> answer(Registration registration) {
        return ResponseEntity.status(registration.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new VendorRef(registration.vendorRef()));
    }
}
