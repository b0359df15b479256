package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.service.asyncapi.AsyncApiOnFirstRequestAutoConfiguration;
import io.extauth.testsupport.TestJwt;
import io.github.springwolf.core.SpringwolfInitApplicationListener;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

class ApiDocsIntegrationTest extends OrderServiceIntegrationTestBase {

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
    void openApiDocumentShowsTheOrderCancelAndPromoEndpoints() {
        Answer docs = get("/v3/api-docs", TestJwt.operator());

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().path("paths").toString()).contains("/api/orders", "/api/orders/{orderId}",
                "/api/orders/{orderId}/cancel", "/api/promos", "/api/promos/{code}");
        assertThat(docs.body().path("paths").path("/api/orders/{orderId}/cancel").has("post")).isTrue();
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
        docs.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            JsonNode responses = operation.getValue().path("responses");
            for (String status : List.of("400", "401", "403", "404", "422", "503")) {
                assertThat(responses.path(status).path("content").path("application/problem+json").path("schema")
                        .path("$ref").asText()).as("%s %s %s", operation.getKey(), path.getKey(), status)
                        .isEqualTo("#/components/schemas/Problem");
            }
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
    }
}
