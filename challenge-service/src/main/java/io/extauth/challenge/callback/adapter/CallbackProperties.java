package io.extauth.challenge.callback.adapter;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How vendor callbacks are checked ({@code extauth.callbacks.*}).
 *
 * @param signatureTolerance how far a callback's signed timestamp may be from now, either way (default 5m); a
 *        signature seen once is refused again within it
 * @param maxBodySize the most of a callback body read before the signature is checked (default 8KB); more is a 413
 */
@ConfigurationProperties("extauth.callbacks")
record CallbackProperties(@DefaultValue("5m") Duration signatureTolerance, @DefaultValue("8KB") DataSize maxBodySize) {
}
