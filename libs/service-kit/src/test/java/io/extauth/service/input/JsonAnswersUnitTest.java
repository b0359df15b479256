package io.extauth.service.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.method.HandlerMethod;

class JsonAnswersUnitTest {

    static class Handlers {
        public String answers() {
            return "";
        }

        public void answersNothing() {
        }

        public ResponseEntity<Void> answersAStatusOnly() {
            return ResponseEntity.noContent().build();
        }

        public CompletableFuture<Void> answersNothingLater() {
            return CompletableFuture.completedFuture(null);
        }

        public CompletableFuture<ResponseEntity<String>> answersLater() {
            return CompletableFuture.completedFuture(ResponseEntity.ok(""));
        }

        public ResponseEntity<String> answersWithAStatus() {
            return ResponseEntity.ok("");
        }
    }

    private final JsonAnswers check = new JsonAnswers();

    @Test
    void anAcceptThatAdmitsJsonOrSaysNothingPasses() {
        for (String accept : new String[] {null, "", "application/json", "*/*", "application/*",
            "application/problem+json", "application/yaml;q=0.9, application/json;q=0.1", "text/html, */*;q=0.8",
            "application/vnd.spring-boot.actuator.v3+json"}) {
            assertThat(JsonAnswers.admitsJson(accept)).as(accept).isTrue();
        }
    }

    @Test
    void anAcceptThatAdmitsNoJsonIsRefusedBeforeAHandlerThatAnswersWithABody() throws Exception {
        for (String accept : new String[] {"application/yaml", "application/xml, text/plain", "text/*",
            "not;;a type"}) {
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/things");
            request.addHeader("Accept", accept);

            assertThatThrownBy(() -> check.preHandle(request, new MockHttpServletResponse(), handler("answers")))
                    .as(accept).isInstanceOf(HttpMediaTypeNotAcceptableException.class);
            for (String silent : new String[] {"answersNothing", "answersAStatusOnly", "answersNothingLater"}) {
                assertThat(check.preHandle(request, new MockHttpServletResponse(), handler(silent)))
                        .as("no body, nothing to refuse: " + silent + ", " + accept).isTrue();
            }
            for (String answering : new String[] {"answersLater", "answersWithAStatus"}) {
                assertThatThrownBy(() -> check.preHandle(request, new MockHttpServletResponse(), handler(answering)))
                        .as(answering + ", " + accept).isInstanceOf(HttpMediaTypeNotAcceptableException.class);
            }
        }
    }

    @Test
    void everyAcceptHeaderOfTheRequestCountsNotOnlyTheFirst() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/things");
        request.addHeader("Accept", "application/yaml");
        request.addHeader("Accept", "application/json");

        assertThat(check.preHandle(request, new MockHttpServletResponse(), handler("answers")))
                .as("Spring answers JSON for the second").isTrue();
    }

    @Test
    void aLibrarysHandlerAnswersInItsOwnFormatsAndIsNotRefused() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v3/api-docs.yaml");
        request.addHeader("Accept", "application/yaml");
        HandlerMethod library = new HandlerMethod(new StringBuilder("openapi: 3.1.0"),
                StringBuilder.class.getMethod("toString"));

        assertThat(check.preHandle(request, new MockHttpServletResponse(), library)).isTrue();
    }

    private static HandlerMethod handler(String name) throws NoSuchMethodException {
        return new HandlerMethod(new Handlers(), Handlers.class.getMethod(name));
    }
}
