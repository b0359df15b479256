package io.extauth.audit.report;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import io.extauth.contract.ContractJson;
import java.io.PrintWriter;

/** The report for machines: the same content as the text, as one JSON document. */
public final class JsonReport {

    private static final ObjectMapper JSON = ContractJson.mapper().rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonReport() {
    }

    public static void write(AuditReport report, PrintWriter out) {
        out.println(JSON.writeValueAsString(report));
        out.flush();
    }
}
