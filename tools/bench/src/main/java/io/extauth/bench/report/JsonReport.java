package io.extauth.bench.report;

import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The whole run as one JSON document, for CI and for comparing runs. */
public final class JsonReport {

    // Jackson 3 writes dates as ISO strings already; its alphabetical property order is switched off for the
    // order the report has always had
    private static final ObjectMapper JSON = JsonMapper.builder().disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonReport() {
    }

    public static String toJson(BenchReport report) {
        return JSON.writeValueAsString(report);
    }

    public static void write(BenchReport report, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toJson(report) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
