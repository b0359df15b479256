package io.extauth.service.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;

class JsonOnlyUnitTest {

    private static final List<MediaType> OTHER_FORMATS = List.of(MediaType.APPLICATION_YAML, MediaType.APPLICATION_XML,
            MediaType.TEXT_XML, MediaType.APPLICATION_CBOR, MediaType.parseMediaType("application/x-jackson-smile"));

    @Test
    void theDefaultServerConvertersOfThisClassPathSpeakYamlWhichTheServicesLeaveOut() {
        List<HttpMessageConverter<?>> defaults = converters(false);
        List<HttpMessageConverter<?>> jsonOnly = converters(true);

        assertThat(defaults).as("Spring's defaults here: Jackson 2's YAML among them")
                .anyMatch(JsonOnly::speaksAnotherFormat)
                .anyMatch(converter -> converter.getSupportedMediaTypes().contains(MediaType.APPLICATION_YAML));
        for (HttpMessageConverter<?> converter : jsonOnly) {
            assertThat(converter.getSupportedMediaTypes()).as(converter.getClass().getName())
                    .doesNotContainAnyElementsOf(OTHER_FORMATS);
        }
        assertThat(jsonOnly).as("JSON, text and bytes still spoken")
                .anyMatch(converter -> converter.canRead(Object.class, MediaType.APPLICATION_JSON))
                .anyMatch(converter -> converter.canWrite(String.class, MediaType.TEXT_PLAIN))
                .anyMatch(converter -> converter.canRead(byte[].class, MediaType.APPLICATION_OCTET_STREAM));
        assertThat(jsonOnly).noneMatch(converter -> converter.canRead(Object.class, MediaType.APPLICATION_YAML));
    }

    @Test
    void aConverterOfAStructuredSuffixOfAnotherFormatIsLeftOutAndJsonSuffixesStay() {
        assertThat(JsonOnly.speaksAnotherFormat(speaking("application/*+xml"))).isTrue();
        assertThat(JsonOnly.speaksAnotherFormat(speaking("application/vnd.example+yaml"))).isTrue();
        assertThat(JsonOnly.speaksAnotherFormat(speaking("application/problem+json"))).isFalse();
        assertThat(JsonOnly.speaksAnotherFormat(speaking("application/json"))).isFalse();
        assertThat(JsonOnly.speaksAnotherFormat(speaking("text/plain"))).isFalse();
    }

    private static List<HttpMessageConverter<?>> converters(boolean jsonOnly) {
        HttpMessageConverters.ServerBuilder builder = HttpMessageConverters.forServer().registerDefaults();
        if (jsonOnly) {
            builder.configureMessageConvertersList(JsonOnly::leaveOutOtherFormats);
        }
        List<HttpMessageConverter<?>> converters = new ArrayList<>();
        builder.build().forEach(converters::add);
        return converters;
    }

    private static HttpMessageConverter<?> speaking(String type) {
        return new org.springframework.http.converter.StringHttpMessageConverter() {
            @Override
            public List<MediaType> getSupportedMediaTypes() {
                return List.of(MediaType.parseMediaType(type));
            }
        };
    }
}
