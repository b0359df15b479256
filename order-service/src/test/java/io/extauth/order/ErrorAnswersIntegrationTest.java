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
    void aBodyThatIsMoreOrOtherThanOneJsonOrderIsRefusedAndNothingIsOrdered() {
        String user = "strict-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String sound = "{\"accountId\":\"" + ACCOUNT + "\",\"userId\":\"" + user + "\",\"email\":\"" + user
                + "@example.com\",\"type\":\"PHONEFACTOR\",\"msaAcknowledged\":true}";
        // text after the order, a second order, a key given twice, and scalars of another JSON type: each was read
        // (the first order placed, the last key's value taken, 1 and "true" as true, a number as a text) until
        // session 70
        for (String body : java.util.List.of(sound + " garbage", sound + " " + sound,
                sound.replace("{", "{\"userId\":\"someone-else\","), sound.replace("true", "1"),
                sound.replace("true", "\"true\""), sound.replace("\"" + user + "@example.com\"", "1234"))) {
            Answer answer = call(HttpMethod.POST, "/api/orders", TestJwt.portal(), body);

            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.body().path("type").asText()).isEqualTo("https://extauth.io/problems/malformed-json");
            assertThat(answer.body().path("detail").asText()).as(body).doesNotContain("io.extauth", "`", "Jackson",
                    "DeserializationFeature");
        }
        assertThat(get("/api/orders?accountId=" + ACCOUNT + "&size=100", TestJwt.admin(ACCOUNT)).body().path("items")
                .findValuesAsString("userId")).doesNotContain(user, "someone-else");
        assertThat(call(HttpMethod.POST, "/api/orders", TestJwt.portal(), sound).status()).isEqualTo(202);
    }

    @Test
    void aProblemWithTheBodysShapeSaysWhatJsonWasExpectedNotWhichJavaTypeWasNot() {
        Answer array = call(HttpMethod.POST, "/api/orders", TestJwt.portal(), "[1,2]");
        Answer number = call(HttpMethod.POST, "/api/orders", TestJwt.portal(),
                "{\"accountId\":\"" + ACCOUNT + "\",\"msaAcknowledged\":1}");

        assertThat(array.body().path("detail").asText()).contains("expected JSON object")
                .doesNotContain("PortalOrderRequest", "io.extauth", "`");
        assertThat(number.body().path("detail").asText()).contains("msaAcknowledged", "expected boolean");
    }

    @Test
    void everyProblemNamesItsTypeAboutBlankWhereNothingMoreSpecificSaysWhatWentWrong() {
        Answer role = get("/api/promos", TestJwt.portal());
        Answer noOrder = get("/api/orders/no-such-order", TestJwt.admin(ACCOUNT));
        Answer method = call(HttpMethod.DELETE, "/api/orders", TestJwt.portal(), null);
        org.springframework.http.HttpHeaders text = new org.springframework.http.HttpHeaders();
        text.setContentType(org.springframework.http.MediaType.TEXT_PLAIN);
        text.setBearerAuth(TestJwt.portal());
        org.springframework.http.ResponseEntity<String> textAnswer = http.exchange("/api/orders", HttpMethod.POST,
                new org.springframework.http.HttpEntity<>("text", text), String.class);
        Answer format = new Answer(textAnswer.getStatusCode().value(),
                new tools.jackson.databind.ObjectMapper().readTree(textAnswer.getBody()));
        Answer parameter = get("/api/orders?accountId=" + ACCOUNT + "&size=abc", TestJwt.admin(ACCOUNT));

        for (Answer answer : java.util.List.of(role, noOrder, method, format, parameter)) {
            assertThat(answer.status()).isBetween(400, 499);
            assertThat(answer.body().path("type").asText()).as(answer.body().toString()).isNotEmpty();
        }
        assertThat(java.util.List.of(role, noOrder, method, format)).allSatisfy(answer ->
                assertThat(answer.body().path("type").asText()).isEqualTo("about:blank"));
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
