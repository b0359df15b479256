package io.extauth.service.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;

/** Writes an RFC 9457 problem where no controller advice reaches (the security filters). */
public final class ProblemWriter {

    private ProblemWriter() {
    }

    public static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        write(response, status, URI.create("about:blank"), detail);
    }

    public static void write(HttpServletResponse response, HttpStatus status, URI type, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setCharacterEncoding("UTF-8");
        response.setContentType("application/problem+json");
        response.getWriter().write(json(status, type, detail));
    }

    /** The problem's JSON, for a writer that is not the response's own (the container's error report). */
    static String json(HttpStatus status, URI type, String detail) {
        return "{\"type\":\"" + escape(type.toString()) + "\",\"title\":\"" + status.getReasonPhrase()
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + escape(detail) + "\"}";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? ' ' : c);
            }
        }
        return out.toString();
    }
}
