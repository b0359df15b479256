package io.extauth.service.input;

import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;

/**
 * Every service reads and writes its bodies as JSON only, through the one mapper the kit bounds and checks (depth,
 * number length, no NUL in text). Spring registers a converter for each data format whose library is on the class
 * path, and the API documents' libraries bring Jackson 2's YAML: with it, a body sent as {@code application/yaml}
 * was read by an unconfigured Jackson 2 mapper past every one of those checks (a NUL reached the database: a 500),
 * and {@code Accept: application/yaml} was answered in it. Such converters are left out: a body in another format is
 * {@code 415}, an answer asked for only in another format {@code 406} ({@link JsonAnswers}: before the handler runs),
 * both as problems. The plain converters (text, bytes, resources) stay: the API documents' own endpoints answer their
 * YAML as text, the metrics endpoint its text format as bytes. (The form converter keeps its own part converters, a
 * YAML one among them; it only writes multipart bodies, which no endpoint answers.)
 */
final class JsonOnly {

    /** Structured formats a converter may speak besides JSON; a converter that speaks any of them is left out. */
    static final Set<String> OTHER_FORMATS = Set.of("yaml", "x-yaml", "xml", "cbor", "x-jackson-smile",
            "x-protobuf", "protobuf");

    private JsonOnly() {
    }

    static void leaveOutOtherFormats(List<HttpMessageConverter<?>> converters) {
        converters.removeIf(JsonOnly::speaksAnotherFormat);
    }

    static boolean speaksAnotherFormat(HttpMessageConverter<?> converter) {
        return converter.getSupportedMediaTypes().stream().anyMatch(JsonOnly::isAnotherFormat);
    }

    private static boolean isAnotherFormat(MediaType type) {
        String subtype = type.getSubtype();
        int suffix = subtype.lastIndexOf('+');
        return OTHER_FORMATS.contains(subtype) || suffix >= 0 && OTHER_FORMATS.contains(subtype.substring(suffix + 1));
    }
}
