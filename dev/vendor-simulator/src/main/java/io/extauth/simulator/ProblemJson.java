package io.extauth.simulator;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A problem's JSON written by hand, where no message converter reaches: the request guard before Spring MVC, the
 * container's error page, Tomcat's own error report. The same fields as the problems Spring writes for the simulator.
 */
final class ProblemJson {

    static final String ABOUT_BLANK = "about:blank";
    static final String CONTENT_TYPE = "application/problem+json";

    private ProblemJson() {
    }

    static void write(HttpServletResponse response, String type, HttpStatus status, @Nullable String code,
            String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(CONTENT_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(of(type, status, code, detail));
    }

    /** The problem's JSON; {@code code} is left out where none is given (an answer of the server, not the vendor). */
    static String of(String type, HttpStatus status, @Nullable String code, String detail) {
        return "{\"type\":\"" + escape(type) + "\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
                + status.value() + ",\"detail\":\"" + escape(detail) + "\""
                + (code == null ? "" : ",\"code\":\"" + escape(code) + "\"") + "}";
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
