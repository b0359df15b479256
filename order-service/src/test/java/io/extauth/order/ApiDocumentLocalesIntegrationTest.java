package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springdoc.core.service.OpenAPIService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * The API document is built for one locale, whatever the caller's Accept-Language: springdoc built and kept one per
 * locale a caller asked for (100 at most), under one lock, so a caller without a token sending a new language each
 * time had the whole document built again per request.
 */
class ApiDocumentLocalesIntegrationTest extends OrderServiceIntegrationTestBase {

    @Autowired
    OpenAPIService documents;

    @Test
    void aNewLanguageInEachRequestBuildsNoDocumentOfItsOwn() {
        String[] languages = {"aa", "ab", "ae", "af", "ak", "am", "de", "fr", "en-GB", "zh-Hant-TW"};
        for (String language : languages) {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, language);
            ResponseEntity<String> document = http.exchange("/v3/api-docs", HttpMethod.GET, new HttpEntity<>(headers),
                    String.class);
            assertThat(document.getStatusCode().value()).as(language).isEqualTo(200);
        }

        for (String language : languages) {
            assertThat(documents.getCachedOpenAPI(Locale.forLanguageTag(language))).as("a document kept for %s",
                    language).isNull();
        }
        assertThat(documents.getCachedOpenAPI(Locale.forLanguageTag("en"))).as("the one document").isNotNull();
    }
}
