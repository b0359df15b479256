package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * The API document is built once, whatever the caller's Accept-Language: springdoc built and kept one per locale a
 * caller asked for, under one lock, so a caller without a token sending a new language each time had the whole
 * document built again per request.
 */
@Import(ApiDocumentLocalesIntegrationTest.CountingBuilds.class)
class ApiDocumentLocalesIntegrationTest extends OrderServiceIntegrationTestBase {

    static final AtomicInteger builds = new AtomicInteger();

    @TestConfiguration
    static class CountingBuilds {

        @Bean
        OpenApiCustomizer countingBuilds() {
            return openApi -> builds.incrementAndGet();
        }
    }

    @Test
    void aNewLanguageInEachRequestBuildsTheDocumentNoMoreThanOnce() {
        String[] languages = {"aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "de", "fr",
            "en-GB", "zh-Hant-TW"};
        for (String language : languages) {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, language);
            ResponseEntity<String> document = http.exchange("/v3/api-docs", HttpMethod.GET, new HttpEntity<>(headers),
                    String.class);
            assertThat(document.getStatusCode().value()).as(language).isEqualTo(200);
        }

        assertThat(builds).as("documents built for %d languages", languages.length).hasValueLessThanOrEqualTo(1);
    }
}
