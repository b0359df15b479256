package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.Provisioned;
import io.extauth.service.security.EndpointDeclarations;
import io.extauth.testsupport.TestJwt;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Who may read a provisioning over HTTP, and the service's HTTP and topic documents. */
class ProvisioningReadModelIntegrationTest extends ProvisioningIntegrationTestBase {

    @Test
    void theProvisioningOfAnOrderIsReadableByAnAdminOfItsAccount() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String vendorRef = awaitOutcome(order).as(Provisioned.class).vendorRef();

        ResponseEntity<Map> answer = get("/api/provisionings/" + order.orderId(), TestJwt.admin(ACCOUNT));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody()).containsEntry("status", "PROVISIONED").containsEntry("vendorRef", vendorRef)
                .containsEntry("attempts", 1);
    }

    @Test
    void readingAProvisioningNeedsAToken() {
        ResponseEntity<Map> answer = get("/api/provisionings/any", null);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(answer.getHeaders().getContentType()).matches(
                type -> type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON), "a problem response");
    }

    @Test
    void anAdminOfAnotherAccountGetsTheSameNotFoundAsForAnOrderThatDoesNotExist() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        awaitOutcome(order);
        String missing = UUID.randomUUID().toString();

        ResponseEntity<Map> elsewhere = get("/api/provisionings/" + order.orderId(), TestJwt.admin("9999"));
        ResponseEntity<Map> nowhere = get("/api/provisionings/" + missing, TestJwt.admin("9999"));

        assertThat(elsewhere.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(nowhere.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(withoutInstance(elsewhere.getBody(), order.orderId()))
                .isEqualTo(withoutInstance(nowhere.getBody(), missing));
    }

    @Test
    void billingAndRoleLessAndVpnTokensMayNotReadAProvisioning() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        awaitOutcome(order);
        String path = "/api/provisionings/" + order.orderId();

        assertThat(get(path, TestJwt.billing()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get(path, TestJwt.withoutRoles()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get(path, TestJwt.vpn()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get(path, TestJwt.portal()).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get(path, TestJwt.operator()).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void everyEndpointAllowsExactlyTheCallersOfThisTable(@Autowired List<RequestMappingHandlerMapping> mappings) {
        Map<RequestMappingInfo, HandlerMethod> handlers = new LinkedHashMap<>();
        mappings.forEach(mapping -> handlers.putAll(mapping.getHandlerMethods()));

        assertThat(EndpointDeclarations.callers(handlers)).isEqualTo(Map.ofEntries(
                Map.entry("GET /api/provisionings/{orderId}", "PORTAL, ADMIN, OPERATOR")));
    }

    @Test
    void everyEndpointDeclaresWhoMayCallIt(@Autowired List<RequestMappingHandlerMapping> mappings) {
        assertThat(mappings).isNotEmpty();
        assertThat(mappings.stream().flatMap(m -> EndpointDeclarations.undeclared(m.getHandlerMethods()).stream()))
                .isEmpty();
    }

    @Test
    void anUnknownOrderIsAProblemNotFound() {
        ResponseEntity<Map> answer = get("/api/provisionings/no-such-order", TestJwt.operator());

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(String.valueOf(answer.getBody().get("detail"))).contains("no-such-order");
    }

    @Test
    void theAsyncApiDocumentShowsWhatIsConsumedAndProduced() {
        ResponseEntity<String> docs = http.exchange("/springwolf/docs", HttpMethod.GET,
                new HttpEntity<>(bearer(TestJwt.operator())), String.class);

        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(docs.getBody()).contains(Topics.AUTH_ORDERED, Topics.AUTH_ACTIVATED, Topics.AUTH_PROVISIONED,
                "AuthOrdered", "OrderCancelled", "Deactivated", "Provisioned", "ProvisioningFailed");
    }

    @Test
    void theOpenApiDocumentShowsTheProvisioningEndpoint() {
        ResponseEntity<String> docs = http.exchange("/v3/api-docs", HttpMethod.GET,
                new HttpEntity<>(bearer(TestJwt.operator())), String.class);

        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(docs.getBody()).contains("/api/provisionings/{orderId}");
    }
}
