package io.extauth.service.input;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a caller may send ({@code extauth.http.*}). No request of the contract comes near the defaults; they
 * exist so that an unauthenticated client cannot make a service read, parse or hold more.
 *
 * @param maxBodySize     the largest request body any endpoint reads, with or without Content-Length (chunked);
 *                        larger bodies are answered 413 before a controller, converter or the token check reads them.
 *                        Tomcat's form-post and swallow limits follow it.
 * @param maxJsonDepth    how deeply JSON objects and arrays may nest in a request body
 * @param maxNumberLength how many characters one JSON number may have
 * @param lateBodies      how many request bodies not all there when their request is handled one instance waits
 *                        for at once (each on a request thread); one more is answered 503 {@code late-bodies-busy}
 * @param lateBodyPlaceWait how long such a body waits for one of those places to come free before that 503
 * @param lateBodyDeadline how long such a body may take from its request's arrival; later, 408 {@code body-too-slow}.
 *                        Tomcat's read timeout ({@code server.tomcat.connection-timeout}) follows it, so a read that
 *                        brings nothing cannot hold a thread longer either
 */
@ConfigurationProperties("extauth.http")
public record InputLimitsProperties(
        @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("32") int maxJsonDepth,
        @DefaultValue("64") int maxNumberLength,
        @DefaultValue("4") int lateBodies,
        @DefaultValue("50ms") Duration lateBodyPlaceWait,
        @DefaultValue("5s") Duration lateBodyDeadline) {

    public InputLimitsProperties {
        if (maxBodySize.toBytes() < 1 || maxJsonDepth < 1 || maxNumberLength < 1 || lateBodies < 1
                || lateBodyDeadline.toMillis() < 1 || lateBodyPlaceWait.isNegative()) {
            throw new IllegalArgumentException("extauth.http.max-body-size, max-json-depth, max-number-length, "
                    + "late-bodies and late-body-deadline must be positive, late-body-place-wait not negative");
        }
    }
}
