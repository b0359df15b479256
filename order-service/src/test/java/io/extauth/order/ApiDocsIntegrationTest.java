package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.TestJwt;
import org.junit.jupiter.api.Test;

class ApiDocsIntegrationTest extends OrderServiceIntegrationTestBase {

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
}
