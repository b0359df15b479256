package io.extauth.simulator.provisioning;

/** A credential as VIP holds it: bound to one user under a vendor reference. */
record VipBinding(String vendorRef, VipCredential credential) {
}
