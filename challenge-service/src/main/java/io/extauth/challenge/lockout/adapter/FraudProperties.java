package io.extauth.challenge.lockout.adapter;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a fraud report ({@code 0#} on a call, deny-and-report in the app) does ({@code extauth.fraud.*}).
 *
 * @param blockUntilAdmin true (default): the user stays blocked until an admin of the account unblocks; false: the
 *        block ends like a lockout, after {@code extauth.lockout.duration}
 */
@ConfigurationProperties("extauth.fraud")
public record FraudProperties(@DefaultValue("true") boolean blockUntilAdmin) {
}
