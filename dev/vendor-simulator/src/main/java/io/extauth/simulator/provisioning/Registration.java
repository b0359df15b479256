package io.extauth.simulator.provisioning;

/** A vendor reference and whether this request created it (201) or replayed an earlier one (200). */
record Registration(String vendorRef, boolean created) {
}
