package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import io.extauth.service.security.EndpointDeclarations;
import io.extauth.testsupport.TestJwt;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * What any service asks of a caller, shown on order-service: a token as the ecosystem expects, an explicit
 * declaration on every endpoint, other accounts' orders looking missing, health details for operators only.
 */
class AccessIntegrationTest extends OrderServiceIntegrationTestBase {

    @Test
    void aConformingTokenIsAccepted() {
        assertThat(get("/api/orders?accountId=" + ACCOUNT, TestJwt.portal()).status()).isEqualTo(200);
    }

    @Test
    void aTokenWithoutExpIsRefusedNamingTheClaim() {
        assertRefused(TestJwt.withoutExpiry("PORTAL"), "exp");
    }

    @Test
    void aTokenValidForTenYearsIsRefused() {
        assertRefused(TestJwt.validFor("PORTAL", Duration.ofDays(3653)), "lives longer than");
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        assertRefused(TestJwt.issuedBy("PORTAL", "https://issuer.example"), "iss");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        assertRefused(TestJwt.forAudience("PORTAL", "another-api"), "aud");
    }

    @Test
    void anAdminTokenWithoutItsAccountIsRefusedNamingTheClaim() {
        // it had been taken, and then acted on no account: 403 "an admin of account (none)" and the like
        assertRefused(TestJwt.token("admin-somewhere", "ADMIN", null), "accountId");
        assertRefused(TestJwt.token("admin-somewhere", "ADMIN", " "), "accountId");
        // any other role may leave it out
        assertThat(get("/api/orders?accountId=" + ACCOUNT, TestJwt.token("operator-1", "OPERATOR", null)).status())
                .isEqualTo(200);
    }

    @Test
    void rolesAsAPlainStringAreRefusedNamingTheClaim() {
        assertRefused(TestJwt.rolesAsString("PORTAL"), "roles");
    }

    @Test
    void aTokenWithoutRolesMayReadNoOrder() {
        String orderId = placedOrder();

        assertThat(get("/api/orders/" + orderId, TestJwt.withoutRoles()).status()).isEqualTo(403);
    }

    @Test
    void aVpnGatewayMayNeitherOrderNorReadOrders() {
        String orderId = placedOrder();

        assertThat(call(HttpMethod.POST, "/api/orders", TestJwt.vpn(), portalOrder(newUser())).status())
                .isEqualTo(403);
        assertThat(get("/api/orders/" + orderId, TestJwt.vpn()).status()).isEqualTo(403);
        assertThat(call(HttpMethod.POST, "/api/orders/" + orderId + "/cancel", TestJwt.vpn(), null).status())
                .isEqualTo(403);
    }

    @Test
    void anAdminOfAnotherAccountGetsTheSameNotFoundForAnOrderAsForOneThatDoesNotExist() {
        String orderId = placedOrder();
        String missing = UUID.randomUUID().toString();

        Answer elsewhere = get("/api/orders/" + orderId, TestJwt.admin("acct-other"));
        Answer nowhere = get("/api/orders/" + missing, TestJwt.admin("acct-other"));
        Answer cancelElsewhere = call(HttpMethod.POST, "/api/orders/" + orderId + "/cancel",
                TestJwt.admin("acct-other"), null);
        Answer cancelNowhere = call(HttpMethod.POST, "/api/orders/" + missing + "/cancel",
                TestJwt.admin("acct-other"), null);

        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(shape(elsewhere.body(), orderId)).isEqualTo(shape(nowhere.body(), missing));
        assertThat(cancelElsewhere.status()).isEqualTo(404);
        assertThat(shape(cancelElsewhere.body(), orderId)).isEqualTo(shape(cancelNowhere.body(), missing));
    }

    @Test
    void healthIsOpenToProbesAndItsDetailsOnlyToOperators() {
        Answer probe = get("/actuator/health", null);
        Answer portal = get("/actuator/health", TestJwt.portal());
        Answer operator = get("/actuator/health", TestJwt.operator());

        assertThat(probe.status()).isEqualTo(200);
        assertThat(probe.body().has("components")).isFalse();
        assertThat(portal.status()).isEqualTo(200);
        assertThat(portal.body().has("components")).as("components shown to %s", portal.body()).isFalse();
        assertThat(operator.body().path("components").has("db")).as("components of %s", operator.body()).isTrue();
    }

    @Test
    void theActuatorHasNoIndexWhoseLinksWouldNameTheHostTheCallerSent() {
        assertThat(get("/actuator", TestJwt.operator()).status()).isEqualTo(404);
        assertThat(get("/actuator/metrics", TestJwt.operator()).status()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    void everyEndpointAllowsExactlyTheCallersOfThisTable(@Autowired List<RequestMappingHandlerMapping> mappings) {
        Map<RequestMappingInfo, HandlerMethod> handlers = new LinkedHashMap<>();
        mappings.forEach(mapping -> handlers.putAll(mapping.getHandlerMethods()));

        assertThat(EndpointDeclarations.callers(handlers)).isEqualTo(Map.ofEntries(
                Map.entry("GET /api/orders/{orderId}", "PORTAL, ADMIN, BILLING, OPERATOR"),
                Map.entry("GET /api/orders", "PORTAL, ADMIN, BILLING, OPERATOR"),
                Map.entry("POST /api/orders/{orderId}/cancel", "PORTAL, ADMIN"),
                Map.entry("POST /api/orders", "PORTAL, ADMIN, BILLING"),
                Map.entry("GET /api/promos", "OPERATOR"),
                Map.entry("PUT /api/promos/{code}", "OPERATOR")));
    }

    @Test
    void everyEndpointDeclaresWhoMayCallIt(@Autowired List<RequestMappingHandlerMapping> mappings) {
        assertThat(mappings).isNotEmpty();
        assertThat(mappings.stream().flatMap(m -> EndpointDeclarations.undeclared(m.getHandlerMethods()).stream()))
                .isEmpty();
    }

    private void assertRefused(String token, String claim) {
        Answer answer = get("/api/orders?accountId=" + ACCOUNT, token);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body().path("detail").asText()).contains(claim);
    }

    private String placedOrder() {
        Answer placed = call(HttpMethod.POST, "/api/orders", TestJwt.portal(), portalOrder(newUser()));
        assertThat(placed.status()).isEqualTo(202);
        return placed.body().path("orderId").asText();
    }

    /** A problem without its instance (the path asked for), the id it names replaced by a placeholder. */
    private static String shape(JsonNode problem, String id) {
        ObjectNode copy = (ObjectNode) problem.deepCopy();
        copy.remove("instance");
        return copy.toString().replace(id, "{id}");
    }
}
