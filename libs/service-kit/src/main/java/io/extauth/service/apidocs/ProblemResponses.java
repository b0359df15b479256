package io.extauth.service.apidocs;

import io.extauth.service.security.SecurityAutoConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Adds the problems the service kit answers for every endpoint to every operation, and gives every error response, the
 * ones an endpoint declares itself (409, 423, 429 …) included, the RFC 9457 problem schema: without this the document
 * lists only success codes and a client generator knows nothing of the errors it must handle.
 *
 * <p>What only some operations answer is theirs to declare ({@code @ApiResponse} on the handler): a {@code 404} with
 * its code, the {@code 409}s of a state, a {@code 422}'s problem type. What is added here is only what the kit's filters
 * and handlers answer, and only where it can happen: {@code malformed-json}, {@code 408} and a {@code 422} only to an
 * operation that reads a JSON body, {@code 401} and {@code 403} only to one that takes a token, {@code 406} only to one
 * that answers with a body. Where an operation declares a status the kit answers too, the kit's words are added to its
 * own.
 */
final class ProblemResponses implements OpenApiCustomizer {

    static final String PROBLEM_SCHEMA = "Problem";
    static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://extauth.io/problems/";
    private static final String PUBLIC_PREFIX = SecurityAutoConfiguration.CALLBACK_PATHS.replace("/**", "/");

    /** What every operation may answer, by status, in the words of docs/CONTRACT.md section 9. */
    static final Map<String, String> COMMON = Map.of(
            "400", "`about:blank`: a request line, header or query parameter the service cannot read (of the wrong "
                    + "type, out of its range, or with a NUL character: `detail` names it)",
            "413", "`body-too-large`: a request that declares a body over 64 KiB, refused unread; the connection is "
                    + "closed",
            "500", "A failure no handler foresaw; the problem says nothing of it, and whether the request took effect "
                    + "is not known: read what it would have changed before sending it again",
            "503", "`database-unavailable`: nothing of the request was done; retry after `Retry-After` seconds; "
                    + "`outcome-unknown`: the connection to the database was lost while the request's changes were "
                    + "being committed, so they may have been made: read what it would have changed before sending it "
                    + "again, or send it again with the same `Idempotency-Key` where the operation takes one");

    /** What every operation that takes a token may answer besides. */
    static final Map<String, String> WITH_TOKEN = Map.of(
            "401", "No bearer token, or one that breaks a rule of the contract (the claim is named in `detail`)",
            "403", "The token's role is not one this endpoint allows (the roles needed are named in `detail`), or an "
                    + "admin acts on another account");

    /**
     * What an operation that takes a body may answer besides, from the service kit's first filter, which reads
     * every body whole before anything else: by status, in the words of docs/CONTRACT.md section 9.
     */
    static final Map<String, String> WITH_BODY = Map.of(
            "400", "`unreadable-body`: a body that ended before its Content-Length, or malformed chunks",
            "408", "`body-too-slow`: the body was not whole within 5 s of its request; the connection is closed",
            "503", "`late-bodies-busy`: a body not all there when its request was handled, while the instance already "
                    + "waits for as many as it does at once; retry after `Retry-After` seconds");

    /** The 415 of an operation whose body is read as JSON. */
    static final String NOT_JSON = "A Content-Type that is not JSON (`about:blank`), or one with a wildcard "
            + "(`unsupported-media-type`, refused unread)";

    /** What an operation whose body is read as JSON may answer besides. */
    static final Map<String, String> WITH_JSON_BODY = Map.of(
            "400", "`malformed-json`: the body is not JSON or a value has the wrong JSON type (the field, line and "
                    + "column are named); or a required field is missing (`errors`)",
            "422", "Every problem of the input at once in `errors: [{field, code, message}]`; `invalid-text` for a "
                    + "NUL character");

    /** The 415 of an operation that takes no body, or reads its body as bytes whatever their type (a signed callback). */
    static final String WILDCARD_ONLY = "`unsupported-media-type`: a Content-Type with a wildcard, with a body or "
            + "without, refused unread";

    /** The 406 of an operation that answers with a body; one that answers none is never refused for its Accept. */
    static final String NOT_ACCEPTABLE = "An `Accept` header that admits no JSON type, refused before anything is "
            + "done: every answer is JSON";

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperations()
                .forEach(operation -> addProblems(operation, path.startsWith(PUBLIC_PREFIX))));
    }

    private static void addProblems(Operation operation, boolean publicPath) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        boolean token = !publicPath && (operation.getSecurity() == null || !operation.getSecurity().isEmpty());
        boolean body = operation.getRequestBody() != null;
        boolean json = body && !readsBytes(operation.getRequestBody());
        Map<String, String> problems = new TreeMap<>(COMMON);
        problems.put("415", WILDCARD_ONLY);
        if (token) {
            problems.putAll(WITH_TOKEN);
        }
        if (body) {
            WITH_BODY.forEach((status, words) -> problems.merge(status, words, ProblemResponses::joined));
        }
        if (json) {
            WITH_JSON_BODY.forEach((status, words) -> problems.merge(status, words, ProblemResponses::joined));
            problems.put("415", NOT_JSON);
        }
        if (answersWithABody(responses)) {
            problems.put("406", NOT_ACCEPTABLE);
        }
        problems.forEach((status, words) -> {
            ApiResponse declared = responses.get(status);
            if (declared == null) {
                responses.addApiResponse(status, new ApiResponse().description(words));
            } else {
                declared.setDescription(withKitWords(declared.getDescription(), words));
            }
        });
        responses.forEach((status, response) -> {
            if (isError(status)) {
                response.setContent(new Content().addMediaType(PROBLEM_MEDIA_TYPE, new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
            }
        });
        operation.setResponses(responses);
    }

    private static String joined(String first, String second) {
        return second + "; " + first;
    }

    /**
     * An operation's own words for a status, with each of the kit's parts for it that they do not say already (a part
     * that names its code is said when the operation's words name that code); customised twice, said once.
     */
    static String withKitWords(@Nullable String declared, String kitWords) {
        if (declared == null || declared.isBlank()) {
            return kitWords;
        }
        StringBuilder words = new StringBuilder(declared);
        for (String part : kitWords.split("; (?=`|[A-Z])")) {
            String code = part.startsWith("`") ? part.substring(0, part.indexOf('`', 1) + 1) : part;
            if (!declared.contains(code)) {
                words.append("; ").append(part);
            }
        }
        return words.toString();
    }

    /** A body documented as raw bytes ({@code string}, {@code byte} or {@code binary}), not as a JSON object. */
    private static boolean readsBytes(RequestBody body) {
        return body.getContent() != null && !body.getContent().isEmpty() && body.getContent().values().stream()
                .allMatch(type -> type.getSchema() != null && "string".equals(type.getSchema().getType())
                        && ("byte".equals(type.getSchema().getFormat()) || "binary".equals(type.getSchema()
                                .getFormat())));
    }

    private static boolean answersWithABody(ApiResponses responses) {
        return responses.entrySet().stream().anyMatch(response -> response.getKey().startsWith("2")
                && response.getValue().getContent() != null && !response.getValue().getContent().isEmpty());
    }

    private static boolean isError(String status) {
        return status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
    }

    @SuppressWarnings("rawtypes")
    private static Schema<?> problemSchema() {
        Schema fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema().example("email"))
                .addProperty("code", new StringSchema().example("INVALID_FORMAT"))
                .addProperty("message", new StringSchema().example("email must be an e-mail address"));
        Schema<?> problem = new ObjectSchema()
                .description("An RFC 9457 problem. `type` ends in a stable code (docs/CONTRACT.md, section 9); other "
                        + "members (`lockedUntil`, `retryAfterSeconds` …) depend on the code.")
                .addProperty("type", new StringSchema().format("uri").example(TYPE_BASE + "invalid-order"))
                .addProperty("title", new StringSchema().example("Unprocessable Content"))
                .addProperty("status", new IntegerSchema().example(422))
                .addProperty("detail", new StringSchema().example("The order has 1 problem(s)"))
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("errors", new ArraySchema().items(fieldError));
        problem.setAdditionalProperties(Boolean.TRUE);
        // every problem names them: Spring's own (its title the status's phrase), the kit's and the container's
        problem.setRequired(List.of("type", "title", "status"));
        fieldError.setRequired(List.of("field", "code", "message"));
        return problem;
    }
}
