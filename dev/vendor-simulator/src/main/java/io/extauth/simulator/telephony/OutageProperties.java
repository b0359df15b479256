package io.extauth.simulator.telephony;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code simulator.outage.*}.
 *
 * @param cutOpenContacts whether a start after a stop counts as an outage of the vendor (default true): the contacts
 *                        still open are cut and reported FAILED ({@link OutageRecovery}). The local stack sets it
 *                        false: there a restart of the one JVM stands for extauth restarting, and a real vendor
 *                        outside would have kept its calls ringing. {@code ./extauth cluster} keeps the default: its
 *                        simulator is a process of its own, and stopping it is the vendor's outage.
 */
@ConfigurationProperties("simulator.outage")
public record OutageProperties(@DefaultValue("true") boolean cutOpenContacts) {
}
