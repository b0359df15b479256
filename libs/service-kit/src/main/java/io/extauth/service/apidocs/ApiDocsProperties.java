package io.extauth.service.apidocs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service presents itself in its OpenAPI and AsyncAPI documents.
 *
 * @param title the document title; default {@code extauth <spring.application.name>} (set in ServiceDefaults)
 * @param version the API version; default {@code 1.0.0}, the v1 contract (docs/CONTRACT.md)
 * @param description what the service does, for the top of Swagger UI; default empty
 */
@ConfigurationProperties("extauth.api")
public record ApiDocsProperties(@DefaultValue("extauth") String title,
        @DefaultValue("1.0.0") String version, @DefaultValue("") String description) {
}
