package io.extauth.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.extauth.simulator.LocalOnly;
import org.jspecify.annotations.Nullable;

/**
 * The mail server's read API over HTTP: each {@link Endpoint} answers a {@code GET} of exactly its path, and every
 * error is an RFC 9457 problem, as the services' and the vendor simulator's are. It takes every path of its server
 * (context {@code /}): the JDK's server matches a context by prefix (it took {@code /messages/x} for
 * {@code /messages}) and answers a path without one with a plain-text 404 of its own. An answer is made whole before
 * it is sent, so a failure while it is made is a 500 problem, not a connection closed without an answer. Every
 * request first meets {@link LocalOnly}'s rules, as the simulator's do.
 */
final class MailApi implements HttpHandler {

    /** Reads what an endpoint answers, from the query parameters it takes (each at most once). */
    @FunctionalInterface
    interface Reading {
        Object read(Map<String, String> parameters) throws IOException;
    }

    /** A {@code GET} of {@code path}, with the query parameters it takes. */
    record Endpoint(String path, Set<String> parameters, Reading reading) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ABOUT_BLANK = "about:blank";
    private static final String REFUSED = "https://extauth.io/problems/mail-api-request-refused";

    private final List<Endpoint> endpoints;

    MailApi(List<Endpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer;
            try {
                answer = answer(exchange);
            } catch (IOException | RuntimeException e) {
                System.err.println("mail read API: " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                        + " failed:");
                e.printStackTrace();
                answer = problem(500, ABOUT_BLANK, "The mail read API failed unexpectedly and wrote why to the "
                        + "stack's error output.");
            }
            answer.send(exchange);
        }
    }

    private Answer answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        Optional<String> refusal = LocalOnly.refusal(method, exchange.getRequestHeaders().getFirst("Host"),
                exchange.getRequestHeaders().getFirst("Sec-Fetch-Site"),
                exchange.getRequestHeaders().getFirst("Origin"), Set.of());
        if (refusal.isPresent()) {
            return problem(403, REFUSED, refusal.get());
        }
        String path = exchange.getRequestURI().getPath();
        Optional<Endpoint> endpoint = endpoints.stream().filter(each -> each.path().equals(path)).findFirst();
        if (endpoint.isEmpty()) {
            return problem(404, ABOUT_BLANK, "There is no endpoint " + method + " " + exchange.getRequestURI()
                    .getRawPath() + "; the mail read API has " + String.join(" and ", endpoints.stream()
                    .map(MailApi::usage).toList()) + ".");
        }
        if (!"GET".equals(method)) {
            return problem(405, ABOUT_BLANK, method + " " + path + " is not allowed: the mail read API only reads "
                    + "(GET).").withHeader("Allow", "GET");
        }
        Map<String, String> parameters;
        try {
            parameters = parameters(exchange.getRequestURI().getRawQuery(), endpoint.get());
        } catch (IllegalArgumentException e) {
            return problem(400, ABOUT_BLANK, e.getMessage());
        }
        return new Answer(200, "application/json", JSON.writeValueAsBytes(endpoint.get().reading().read(parameters)),
                Map.of());
    }

    /**
     * The query's parameters, decoded; an {@link IllegalArgumentException} that says what to change for one the
     * endpoint does not take, or one given twice or empty. A mistyped name ({@code ?To=}) listed every message instead
     * of those to the address. (A query whose escapes are broken never reaches here: the JDK's server refuses it with
     * its own 400.)
     */
    private static Map<String, String> parameters(@Nullable String rawQuery, Endpoint endpoint) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (!endpoint.parameters().contains(name)) {
                throw new IllegalArgumentException("GET " + endpoint.path() + " takes " + (endpoint.parameters()
                        .isEmpty() ? "no query parameters" : "only " + String.join(", ", endpoint.parameters()))
                        + ", not '" + name + "'.");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("'" + name + "' is empty: give a value (?to=jane%40example.com) "
                        + "or leave it out.");
            }
            if (parameters.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("'" + name + "' is given more than once: give it once.");
            }
        }
        return parameters;
    }

    private static String usage(Endpoint endpoint) {
        return "GET " + endpoint.path() + (endpoint.parameters().isEmpty() ? ""
                : "[?" + String.join("&", endpoint.parameters().stream().map(name -> name + "=…").toList()) + "]");
    }

    private static Answer problem(int status, String type, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type);
        problem.put("title", title(status));
        problem.put("status", status);
        problem.put("detail", detail);
        return new Answer(status, "application/problem+json", JSON.writeValueAsBytes(problem), Map.of());
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 500 -> "Internal Server Error";
            default -> throw new IllegalArgumentException("no title for status " + status);
        };
    }

    /** An answer of the API: its status, type, body and the headers it adds. */
    record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

        Answer withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, contentType, body, more);
        }

        void send(HttpExchange exchange) throws IOException {
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1); // given a length for a HEAD, the JDK's server logs a warning
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
