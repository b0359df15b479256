package io.extauth.service.apidocs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Adds the problems every endpoint may answer to every operation, and gives every error response, the ones an
 * endpoint declares itself (409, 423, 429 …) included, the RFC 9457 problem schema: without this the document lists
 * only success codes and a client generator knows nothing of the errors it must handle.
 */
final class ProblemResponses implements OpenApiCustomizer {

    static final String PROBLEM_SCHEMA = "Problem";
    static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://extauth.io/problems/";

    /** What every endpoint may answer, by status, in the words of docs/CONTRACT.md section 9. */
    static final Map<String, String> COMMON = commonProblems();

    private static Map<String, String> commonProblems() {
        Map<String, String> common = new LinkedHashMap<>();
        common.put("400", "`malformed-json`: the body is not JSON or a value has the wrong JSON type (the field, line "
                + "and column are named); or a required field is missing (`errors`)");
        common.put("401", "No bearer token, or one that breaks a rule of the contract (the claim is named in "
                + "`detail`)");
        common.put("403", "The token's role is not one this endpoint allows (the roles needed are named in "
                + "`detail`), or an admin acts on another account");
        common.put("404", "Missing, or another account's (the same answer); `no-such-account-user`; an unknown path "
                + "is `no-such-path`");
        common.put("422", "Every problem of the input at once in `errors: [{field, code, message}]`; `invalid-text` "
                + "for a NUL character");
        common.put("500", "A failure no handler foresaw; the problem says nothing of it, and whether the request took "
                + "effect is not known: read what it would have changed before sending it again");
        common.put("503", "`database-unavailable`: nothing of the request was done; retry after `Retry-After` "
                + "seconds");
        return Map.copyOf(common);
    }

    /**
     * What an operation that takes a body may answer besides, from the service kit's first filter, which reads
     * every body whole before anything else: by status, in the words of docs/CONTRACT.md section 9.
     */
    static final Map<String, String> WITH_BODY = Map.of(
            "408", "`body-too-slow`: the body was not whole within 5 s of its request; the connection is closed",
            "413", "`body-too-large`: a body over 64 KiB, refused unread; the connection is closed",
            "415", "A Content-Type that is not JSON (`about:blank`), or one with a wildcard "
                    + "(`unsupported-media-type`, refused unread)");

    /** The 415 of an operation that reads its body as bytes whatever their type (a signed callback). */
    static final String WILDCARD_ONLY = "`unsupported-media-type`: a Content-Type with a wildcard, refused unread";

    /** The 406 of an operation that answers with a body; one that answers none is never refused for its Accept. */
    static final String NOT_ACCEPTABLE = "An `Accept` header that admits no JSON type, refused before anything is "
            + "done: every answer is JSON";

    /** The common problems' words for an operation that takes a body: what the body filter adds to them. */
    private static final Map<String, String> BODY_ALSO = Map.of(
            "400", "; `unreadable-body`: a body that ended before its Content-Length, or malformed chunks",
            "503", "; `late-bodies-busy`: a body not all there when its request was handled, while the instance "
                    + "already waits for as many as it does at once; retry after `Retry-After` seconds");

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().stream().map(PathItem::readOperations).flatMap(List::stream)
                .forEach(ProblemResponses::addProblems);
    }

    private static void addProblems(Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        boolean body = operation.getRequestBody() != null;
        Map<String, String> problems = new TreeMap<>(COMMON);
        if (body) {
            BODY_ALSO.forEach((status, also) -> problems.merge(status, also, String::concat));
            problems.putAll(WITH_BODY);
            if (readsBytes(operation.getRequestBody())) {
                problems.put("415", WILDCARD_ONLY);
            }
        }
        if (answersWithABody(responses)) {
            problems.put("406", NOT_ACCEPTABLE);
        }
        problems.forEach((status, description) -> {
            ApiResponse declared = responses.get(status);
            if (declared == null) {
                responses.addApiResponse(status, new ApiResponse().description(description));
            } else if (body && BODY_ALSO.containsKey(status) && declared.getDescription() != null
                    && !declared.getDescription().endsWith(BODY_ALSO.get(status))) {
                declared.setDescription(declared.getDescription() + BODY_ALSO.get(status));
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
        return problem;
    }
}
