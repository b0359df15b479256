package io.extauth.service.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

class ProblemResponsesUnitTest {

    @Test
    void anOperationWithABodyListsWhatTheBodyFilterAnswersAndOneWithoutDoesNot() {
        Operation read = new Operation().responses(new ApiResponses().addApiResponse("200", new ApiResponse()));
        Operation write = new Operation().requestBody(new RequestBody()).responses(new ApiResponses()
                .addApiResponse("201", new ApiResponse())
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
}
