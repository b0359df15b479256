package io.extauth.audit.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.extauth.contract.ContractJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The report for machines: the same content as the text, as one JSON document. */
public final class JsonReport {

    private static final ObjectMapper JSON = ContractJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static void write(AuditReport report, PrintWriter out) {
        try {
            out.println(JSON.writeValueAsString(report));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
