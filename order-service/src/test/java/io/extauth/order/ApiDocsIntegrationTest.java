package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.Topics;
import io.extauth.service.asyncapi.AsyncApiOnFirstRequestAutoConfiguration;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestJwt;
import io.github.springwolf.core.SpringwolfInitApplicationListener;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ApiDocsIntegrationTest extends OrderServiceIntegrationTestBase {

    @LocalServerPort
    int port;

    @Autowired
    SpringwolfInitApplicationListener asyncApiAtStart;

    @Test
    void theKitsListenerTakesTheStartUpBuildsPlaceAndTheDocumentIsStillServed() {
        // the kit's listener, not Springwolf's, answers the service being ready: it builds nothing then
        assertThat(asyncApiAtStart).isInstanceOf(AsyncApiOnFirstRequestAutoConfiguration.BuiltOnFirstRequest.class);
        assertThat(get("/springwolf/docs", TestJwt.operator()).body().path("channels").has("billing.orders")).isTrue();
    }

    @Test
    void asyncApiDocumentShowsTheTopicsOrderServiceReadsAndWrites() {
        Answer docs = get("/springwolf/docs", TestJwt.operator());

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().path("channels").toString()).contains("billing.orders", "billing.orders.rejected",
                "auth.ordered", "auth.provisioned", "auth.activated");
        assertThat(docs.body().path("components").path("schemas").toString()).contains("OrderPlaced", "AuthOrdered",
                "OrderRejected", "Provisioned", "ProvisioningFailed", "Activated", "Deactivated", "OrderCancelled");
    }

    @Test
    void theDeadLetterTopicOfEveryTopicReadIsDocumentedWithTheHeadersARealDeadLetterCarries() {
        String user = newUser();
        Map<String, String> sent = Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type",
                "OrderPlaced", "ce_source", "/billing", "content-type", "application/json");
        billing.sendRaw(Topics.BILLING_ORDERS, user, "no order".getBytes(StandardCharsets.UTF_8),
                sent.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())).toArray(String[]::new));
        RecordedEvent dead = recorder.awaitEvent(Topics.deadLetterOf(Topics.BILLING_ORDERS),
                event -> user.equals(event.key()));

        JsonNode docs = get("/springwolf/docs", TestJwt.operator()).body();

        for (String read : List.of(Topics.BILLING_ORDERS, Topics.AUTH_PROVISIONED, Topics.AUTH_ACTIVATED)) {
            assertThat(docs.path("channels").path(Topics.deadLetterOf(read)).path("address").asText())
                    .isEqualTo(Topics.deadLetterOf(read));
        }
        assertThat(docs.path("channels").has(Topics.deadLetterOf(Topics.BILLING_ORDERS_REJECTED)))
                .as("written, never read").isFalse();
        JsonNode headers = docs.path("components").path("schemas").path("DeadLetterHeaders");
        Set<String> added = new TreeSet<>(dead.headers().keySet());
        added.removeAll(sent.keySet());
        assertThat(added).as("the headers the dead letter adds to the original's").isNotEmpty()
                .allSatisfy(header -> assertThat(headers.path("properties").has(header)).as(header).isTrue());
        List<String> required = new ArrayList<>();
        headers.path("required").forEach(name -> required.add(name.asText()));
        assertThat(required).contains("extauth-dlt-reason", "kafka_dlt-original-topic", "kafka_dlt-original-partition",
                "kafka_dlt-original-offset");
        assertThat(dead.headers()).containsKeys(required.toArray(String[]::new));
        assertThat(dead.headers()).containsAllEntriesOf(sent);
    }

    @Test
    void openApiDocumentShowsTheOrderCancelAndPromoEndpoints() {
        Answer docs = get("/v3/api-docs", TestJwt.operator());

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().path("paths").toString()).contains("/api/orders", "/api/orders/{orderId}",
                "/api/orders/{orderId}/cancel", "/api/promos", "/api/promos/{code}");
        assertThat(docs.body().path("paths").path("/api/orders/{orderId}/cancel").has("post")).isTrue();
    }

    @Test
    void aPortalOrdersDocumentedBodyHasNoOrderedByWhichTheTokensSubjectIs() {
        JsonNode schemas = get("/v3/api-docs", TestJwt.operator()).body().path("components").path("schemas");
        JsonNode request = schemas.path("io.extauth.order.intake.adapter.OrderController.PortalOrderRequest");

        assertThat(request.path("properties").has("userId")).as(schemas.toString()).isTrue();
        assertThat(request.path("properties").has("orderedBy")).isFalse();
    }

    @Test
    void theDocumentsServerIsRelativeNotTheHostTheCallerNamed() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /v3/api-docs HTTP/1.1\r\nHost: evil.example\r\nConnection: close"
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 200").doesNotContain("evil.example");
            JsonNode document = JsonMapper.shared().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(document.path("servers").get(0).path("url").asText()).isEqualTo("/");
        }
    }

    @Test
    void swaggerUiAndTheAsyncApiUiLoadInABrowserWithoutAToken() {
        for (String page : List.of("/swagger-ui/index.html", "/swagger-ui/swagger-ui-bundle.js",
                "/springwolf/asyncapi-ui.html")) {
            ResponseEntity<String> answer = http.getForEntity(page, String.class);

            assertThat(answer.getStatusCode().value()).as(page).isEqualTo(200);
        }
        // the UIs fetch these before anyone can enter a token
        for (String document : List.of("/v3/api-docs/swagger-config", "/v3/api-docs", "/springwolf/docs")) {
            assertThat(get(document, null).status()).as(document).isEqualTo(200);
        }
    }

    @Test
    void openApiDocumentNamesTheServiceAndDeclaresBearerTokens() {
        JsonNode docs = get("/v3/api-docs", null).body();

        assertThat(docs.path("info").path("title").asText()).contains("order-service");
        assertThat(docs.path("info").path("version").asText()).isNotEqualTo("v0");
        assertThat(docs.path("info").path("description").asText()).contains("billing.orders");
        JsonNode bearer = docs.path("components").path("securitySchemes").path("bearer");
        assertThat(bearer.path("type").asText()).isEqualTo("http");
        assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
        assertThat(bearer.path("bearerFormat").asText()).isEqualTo("JWT");
        assertThat(docs.path("security").toString()).contains("bearer");
    }

    @Test
    void everyOperationDocumentsItsProblemsWithTheProblemSchema() {
        JsonNode docs = get("/v3/api-docs", null).body();

        assertThat(docs.path("components").path("schemas").path("Problem").path("properties").has("type")).isTrue();
        assertThat(docs.path("paths").properties()).as("the API's operations, not Springwolf's pages")
                .isNotEmpty().noneMatch(path -> path.getKey().startsWith("/springwolf"));
        docs.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            JsonNode responses = operation.getValue().path("responses");
            for (String status : List.of("400", "401", "403", "500", "503")) {
                assertThat(responses.has(status)).as("%s %s %s", operation.getKey(), path.getKey(), status).isTrue();
            }
            responses.properties().stream().filter(response -> response.getKey().matches("[45]\\d\\d"))
                    .forEach(response -> assertThat(response.getValue().path("content")
                            .path("application/problem+json").path("schema").path("$ref").asText())
                            .as("%s %s %s", operation.getKey(), path.getKey(), response.getKey())
                            .isEqualTo("#/components/schemas/Problem"));
            assertThat(responses.properties()).as("%s %s: its success", operation.getKey(), path.getKey())
                    .anyMatch(response -> response.getKey().startsWith("2"));
            boolean body = operation.getValue().has("requestBody");
            assertThat(responses.has("422")).as("%s %s: a 422 only with a body to judge", operation.getKey(),
                    path.getKey()).isEqualTo(body);
        }));
    }

    @Test
    void placingAnOrderIsDocumentedAsAcceptedAndCancellingNamesItsConflictCode() {
        JsonNode paths = get("/v3/api-docs", null).body().path("paths");

        JsonNode place = paths.path("/api/orders").path("post").path("responses");
        assertThat(place.has("202")).isTrue();
        assertThat(place.has("200")).isFalse();
        assertThat(place.path("422").path("description").asText()).contains("invalid-order");
        JsonNode cancel = paths.path("/api/orders/{orderId}/cancel").path("post").path("responses");
        assertThat(cancel.path("409").path("description").asText()).contains("order-not-cancellable");
        assertThat(cancel.path("409").path("content").has("application/problem+json")).isTrue();
        assertThat(cancel.has("422")).as("no body, nothing to judge").isFalse();
        JsonNode promo = paths.path("/api/promos/{code}").path("put").path("responses");
        assertThat(promo.has("201")).as("a new promo is created").isTrue();
        assertThat(promo.path("422").path("description").asText()).contains("invalid-promo");
    }
}
