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

        assertThat(read.getResponses()).containsKeys("400", "401", "403", "404", "406", "422", "500", "503")
                .doesNotContainKeys("408", "413", "415");
        assertThat(read.getResponses().get("400").getDescription()).doesNotContain("unreadable-body");
        assertThat(write.getResponses()).containsKeys("406", "408", "413", "415", "500");
        assertThat(write.getResponses().get("400").getDescription()).contains("malformed-json", "unreadable-body");
        assertThat(write.getResponses().get("503").getDescription())
                .startsWith("`vendor-unavailable`: declared here").contains("late-bodies-busy");
        assertThat(write.getResponses().get("415").getContent()).containsKey("application/problem+json");

        new ProblemResponses().customise(api);
        assertThat(write.getResponses().get("503").getDescription()).as("customised twice, said once")
                .containsOnlyOnce("late-bodies-busy");
    }

    @Test
    void aCallbackThatReadsItsBytesAndAnswersNothingIsNeither406NorAJson415() {
        Operation callback = new Operation().requestBody(new RequestBody().content(new Content().addMediaType(
                "application/json", new MediaType().schema(new StringSchema().format("byte")))))
                .responses(new ApiResponses().addApiResponse("204", new ApiResponse().description("No Content")));
        Operation json = new Operation().requestBody(json())
                .responses(new ApiResponses().addApiResponse("201", answered()));
        OpenAPI api = new OpenAPI().components(new Components()).paths(new Paths()
                .addPathItem("/callbacks/telephony", new PathItem().post(callback))
                .addPathItem("/things", new PathItem().post(json)));

        new ProblemResponses().customise(api);

        assertThat(callback.getResponses()).doesNotContainKey("406").containsKeys("408", "413", "415", "500");
        assertThat(callback.getResponses().get("415").getDescription()).isEqualTo(ProblemResponses.WILDCARD_ONLY);
        assertThat(json.getResponses()).containsKey("406");
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
