package io.extauth.service.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

class ProblemResponsesUnitTest {

    @Test
    void anOperationWithABodyListsWhatTheBodyFilterAnswersAndOneWithoutDoesNot() {
        Operation read = new Operation().responses(new ApiResponses().addApiResponse("200", answered()));
        Operation write = new Operation().requestBody(json()).responses(new ApiResponses()
                .addApiResponse("201", answered())
                .addApiResponse("503", new ApiResponse().description("`vendor-unavailable`: declared here")));
        OpenAPI api = new OpenAPI().components(new Components()).paths(new Paths()
                .addPathItem("/things", new PathItem().get(read).post(write)));

        new ProblemResponses().customise(api);

        assertThat(read.getResponses()).containsKeys("400", "401", "403", "406", "413", "415", "500", "503")
                .as("no body: nothing to be malformed, late or invalid; a 404 is the operation's to declare")
                .doesNotContainKeys("404", "408", "422");
        assertThat(read.getResponses().get("400").getDescription()).contains("query parameter")
                .doesNotContain("unreadable-body", "malformed-json");
        assertThat(read.getResponses().get("415").getDescription()).isEqualTo(ProblemResponses.WILDCARD_ONLY);
        assertThat(write.getResponses()).containsKeys("406", "408", "413", "415", "422", "500")
                .doesNotContainKey("404");
        assertThat(write.getResponses().get("400").getDescription())
                .contains("malformed-json", "unreadable-body", "query parameter");
        assertThat(write.getResponses().get("503").getDescription())
                .startsWith("`vendor-unavailable`: declared here").contains("late-bodies-busy", "database-unavailable");
        assertThat(write.getResponses().get("415").getContent()).containsKey("application/problem+json");

        new ProblemResponses().customise(api);
        assertThat(write.getResponses().get("503").getDescription()).as("customised twice, said once")
                .containsOnlyOnce("late-bodies-busy").containsOnlyOnce("database-unavailable")
                .containsOnlyOnce("outcome-unknown");
        assertThat(write.getResponses().get("422").getDescription()).containsOnlyOnce("invalid-text")
                .containsOnlyOnce("Every problem");
    }

    @Test
    void anOperationsOwnWordsKeepTheirPlaceAndTheKitsAreAddedOnlyForCodesTheyDoNotName() {
        Operation issue = new Operation().requestBody(json()).responses(new ApiResponses()
                .addApiResponse("201", answered())
                .addApiResponse("400", new ApiResponse().description("`invalid-challenge-request`: a field is missing"))
                .addApiResponse("503", new ApiResponse().description("`vendor-unavailable`, `database-unavailable`: "
                        + "no verdict")));
        OpenAPI api = new OpenAPI().components(new Components()).paths(new Paths()
                .addPathItem("/api/challenges", new PathItem().post(issue)));

        new ProblemResponses().customise(api);

        assertThat(issue.getResponses().get("400").getDescription())
                .startsWith("`invalid-challenge-request`: a field is missing; ").contains("malformed-json");
        assertThat(issue.getResponses().get("503").getDescription()).containsOnlyOnce("database-unavailable")
                .contains("late-bodies-busy");
    }

    @Test
    void aCallbackThatReadsItsBytesAndAnswersNothingIsNeither406NorAJson415NorATokensRefusal() {
        Operation callback = new Operation().requestBody(new RequestBody().content(new Content().addMediaType(
                "application/json", new MediaType().schema(new StringSchema().format("byte")))))
                .responses(new ApiResponses().addApiResponse("204", new ApiResponse().description("No Content"))
                        .addApiResponse("401", new ApiResponse().description("`bad-signature`: declared here")));
        Operation json = new Operation().requestBody(json())
                .responses(new ApiResponses().addApiResponse("201", answered()));
        OpenAPI api = new OpenAPI().components(new Components()).paths(new Paths()
                .addPathItem("/callbacks/telephony", new PathItem().post(callback))
                .addPathItem("/things", new PathItem().post(json)));

        new ProblemResponses().customise(api);

        assertThat(callback.getResponses()).doesNotContainKeys("403", "406", "422")
                .containsKeys("408", "413", "415", "500");
        assertThat(callback.getResponses().get("401").getDescription()).isEqualTo("`bad-signature`: declared here");
        assertThat(callback.getResponses().get("400").getDescription()).contains("unreadable-body")
                .doesNotContain("malformed-json");
        assertThat(callback.getResponses().get("415").getDescription()).isEqualTo(ProblemResponses.WILDCARD_ONLY);
        assertThat(json.getResponses()).containsKeys("401", "403", "406");
        assertThat(json.getResponses().get("415").getDescription()).contains("not JSON");
    }

    private static ApiResponse answered() {
        return new ApiResponse().content(new Content().addMediaType("application/json",
                new MediaType().schema(new ObjectSchema())));
    }

    private static RequestBody json() {
        return new RequestBody().content(new Content().addMediaType("application/json",
                new MediaType().schema(new ObjectSchema())));
    }
}
