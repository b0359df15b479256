package io.extauth.service.apidocs;

import io.extauth.service.security.SecurityAutoConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The OpenAPI document of every service: a real title, version and description, a bearer (JWT) scheme so Swagger UI
 * shows its Authorize button, and the problem responses of every operation ({@link ProblemResponses}).
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
@EnableConfigurationProperties(ApiDocsProperties.class)
public class ApiDocsAutoConfiguration {

    static final String BEARER = "bearer";
    private static final String CALLBACK_PREFIX = SecurityAutoConfiguration.CALLBACK_PATHS.replace("/**", "/");

    @Bean
    OpenAPI extauthOpenApi(ApiDocsProperties properties) {
        return new OpenAPI()
                .info(new Info().title(properties.title()).version(properties.version())
                        .description(properties.description()))
                // relative: springdoc otherwise builds the URL from the request's Host, which a caller writes, so a
                // cache in front that keys without Host could hand another reader a document that points elsewhere
                .servers(List.of(new Server().url("/").description("This service, where this document was read")))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("An RS256 token of the configured issuer for audience `extauth`; its `roles` "
                                + "claim decides what the caller may do. Locally: `./extauth token --role portal`.")))
                .security(List.of(new SecurityRequirement().addList(BEARER)));
    }

    /** Fees as the strings they are on the wire, in this document and in Springwolf's (which takes the bean too). */
    @Bean
    StringShapedDecimals extauthStringShapedDecimals() {
        return new StringShapedDecimals();
    }

    /** A field that is never null is required, in this document and in Springwolf's. */
    @Bean
    RequiredByNullness extauthRequiredByNullness() {
        return new RequiredByNullness();
    }

    @Bean
    OpenApiCustomizer extauthProblemResponses() {
        return new ProblemResponses();
    }

    /** Vendor callbacks carry a signature instead of a token: no Authorize needed, and none offered. */
    @Bean
    OpenApiCustomizer extauthCallbacksWithoutToken() {
        return openApi -> {
            if (openApi.getPaths() != null) {
                openApi.getPaths().forEach((path, item) -> {
                    if (path.startsWith(CALLBACK_PREFIX)) {
                        item.readOperations().forEach(operation -> operation.setSecurity(List.of()));
                    }
                });
            }
        };
    }
}
