package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.TestJwt;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * The answers a caller gets when they got something wrong say what to change: the field and place of broken JSON,
 * the role an endpoint needs, and that a path does not exist. Shown on order-service; every service shares them.
 */
class ErrorAnswersIntegrationTest extends OrderServiceIntegrationTestBase {

    @Test
    void bodyThatIsNotJsonIsAProblemNamingTheLineColumnAndField() {
        Answer answer = call(HttpMethod.POST, "/api/orders", TestJwt.portal(),
                "{\"accountId\":\"" + ACCOUNT + "\",\n \"msaAcknowledged\": tru}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("type").asText()).isEqualTo("https://extauth.io/problems/malformed-json");
        assertThat(answer.body().path("detail").asText()).contains("line 2", "column", "msaAcknowledged");
        assertThat(answer.body().path("errors").get(0).path("field").asText()).isEqualTo("msaAcknowledged");
    }

    @Test
    void valueOfTheWrongJsonTypeIsAProblemNamingTheField() {
        Answer answer = call(HttpMethod.POST, "/api/orders", TestJwt.portal(),
                "{\"accountId\":\"" + ACCOUNT + "\",\"msaAcknowledged\":{\"yes\":1}}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("type").asText()).isEqualTo("https://extauth.io/problems/malformed-json");
        assertThat(answer.body().path("detail").asText()).contains("msaAcknowledged", "line 1", "column");
        assertThat(answer.body().path("errors").get(0).path("field").asText()).isEqualTo("msaAcknowledged");
    }

    @Test
    void wrongRoleIsAForbiddenProblemNamingTheRolesNeededAndTheRolesHeld() {
        Answer answer = get("/api/promos", TestJwt.portal());

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body().path("detail").asText()).contains("OPERATOR", "PORTAL");
    }

    @Test
    void wrongRoleForALibraryPathIsAForbiddenProblemNamingTheRolesNeeded() {
        Answer answer = get("/actuator/metrics", TestJwt.portal());

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body().path("detail").asText()).contains("OPERATOR", "PORTAL");
    }

    @Test
    void unknownPathIsANotFoundProblemNamingThePath() {
        Answer answer = get("/api/ordrs", TestJwt.portal());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().path("type").asText()).isEqualTo("https://extauth.io/problems/no-such-path");
        assertThat(answer.body().path("detail").asText()).contains("GET /api/ordrs");
    }
}
