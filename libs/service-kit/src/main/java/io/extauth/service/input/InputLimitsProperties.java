package io.extauth.service.input;

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
 */
@ConfigurationProperties("extauth.http")
public record InputLimitsProperties(
        @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("32") int maxJsonDepth,
        @DefaultValue("64") int maxNumberLength) {

    public InputLimitsProperties {
        if (maxBodySize.toBytes() < 1 || maxJsonDepth < 1 || maxNumberLength < 1) {
            throw new IllegalArgumentException("extauth.http.max-body-size, max-json-depth and max-number-length must "
                    + "be positive");
        }
    }
}
