/** Switchable vendor misbehaviour (latency, random 500s, outage) on the provisioning endpoints, to exercise retries. */
@NullMarked
package io.extauth.simulator.faults;

import org.jspecify.annotations.NullMarked;
