package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.web.adapter.ScopedAccount;
import io.extauth.service.security.EndpointDeclarations;
import io.extauth.contract.AuthType;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Who may call challenge-service: the VPN gateway's narrow role, other accounts looking missing, declarations. */
class AccessIntegrationTest extends IntegrationTestBase {

    @Test
    void aVpnGatewayCreatesAnswersAndReadsVpnChallenges() {
        String credentialId = activeSymantecUser();

        ResponseEntity<JsonNode> issued = post("/api/challenges", TestJwt.vpn(),
                Map.of("accountId", accountId, "userId", userId, "channel", "VPN"));
        String challengeId = issued.getBody().path("challengeId").asText();
        ResponseEntity<JsonNode> answered = post("/api/challenges/" + challengeId + "/responses", TestJwt.vpn(),
                Map.of("accountId", accountId, "userId", userId, "code", VendorSimulator.currentCode(credentialId)));

        assertThat(issued.getStatusCode().value()).isEqualTo(201);
        assertThat(answered.getStatusCode().value()).isEqualTo(200);
        assertThat(get("/api/challenges/" + challengeId, TestJwt.vpn()).getBody().path("status").asText())
                .isEqualTo("SUCCEEDED");
    }

    @Test
    void aVpnGatewayLearnsThatAUserIsNotActiveButNotWhetherTheUserExistsOrWhatBecameOfIt() {
        provisioned(AuthType.PHONEFACTOR, null);
        ResponseEntity<JsonNode> provisioned = post("/api/challenges", TestJwt.vpn(),
                Map.of("accountId", accountId, "userId", userId, "channel", "VPN"));
        ResponseEntity<JsonNode> unknown = post("/api/challenges", TestJwt.vpn(),
                Map.of("accountId", accountId, "userId", "no-such-user-" + userId, "channel", "VPN"));

        assertThat(provisioned.getStatusCode().value()).isEqualTo(409);
        assertThat(unknown.getStatusCode().value()).isEqualTo(409);
        assertThat(provisioned.getBody().path("detail").asText()).isEqualTo(unknown.getBody().path("detail").asText())
                .contains("not ACTIVE").doesNotContain("PROVISIONED").doesNotContain("NONE");
        assertThat(provisioned.getBody().path("type").asText()).isEqualTo(unknown.getBody().path("type").asText());
        // the portal, which may read the factor anyway, is told the state
        assertThat(post("/api/challenges", TestJwt.portal(), Map.of("accountId", accountId, "userId", userId,
                "channel", "PORTAL")).getBody().path("detail").asText()).contains("PROVISIONED");
    }

    @Test
    void aVpnGatewayLearnsNothingOfASuspendedFactorOrOneWaitingForANewPinThatItWouldNotOfAnUnknownUser() {
        ResponseEntity<JsonNode> unknown = post("/api/challenges", TestJwt.vpn(),
                Map.of("accountId", accountId, "userId", "no-such-user-" + userId, "channel", "VPN"));
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_PIN);
        assertThat(put(userPath("/phonefactor/settings"), TestJwt.admin(accountId), Map.of("status", "INACTIVE",
                "method", "PHONE_CALL_PIN")).getStatusCode().value()).isEqualTo(200);
        ResponseEntity<JsonNode> suspended = post("/api/challenges", TestJwt.vpn(),
                Map.of("accountId", accountId, "userId", userId, "channel", "VPN"));
        assertThat(put(userPath("/phonefactor/settings"), TestJwt.admin(accountId), Map.of("status", "ACTIVE",
                "method", "PHONE_CALL_PIN")).getStatusCode().value()).isEqualTo(200);
        assertThat(post(userPath("/phonefactor/pin-reset"), TestJwt.admin(accountId), Map.of()).getStatusCode()
                .value()).isEqualTo(200);
        ResponseEntity<JsonNode> awaitsPin = post("/api/challenges", TestJwt.vpn(),
                Map.of("accountId", accountId, "userId", userId, "channel", "VPN"));

        for (ResponseEntity<JsonNode> answer : List.of(suspended, awaitsPin)) {
            assertThat(answer.getStatusCode().value()).isEqualTo(409);
            assertThat(answer.getBody().path("type").asText()).isEqualTo(unknown.getBody().path("type").asText());
            assertThat(answer.getBody().path("detail").asText()).isEqualTo(unknown.getBody().path("detail").asText());
        }
        // the portal, which may read the factor anyway, is told what to do
        assertThat(post("/api/challenges", TestJwt.portal(), Map.of("accountId", accountId, "userId", userId,
                "channel", "PORTAL")).getBody().path("type").asText()).endsWith("/pin-required");
    }

    @Test
    void aTokenThatIsAVpnGatewaysAndAnAdminsOrOperatorsStartsNoPortalChallenge() {
        activeSymantecUser();
        String vpnOperator = TestJwt.with("VPN", claims -> claims.put("roles", List.of("VPN", "OPERATOR")));
        String vpnAdmin = TestJwt.with("VPN", claims -> {
            claims.put("roles", List.of("VPN", "ADMIN"));
            claims.put("accountId", accountId);
        });

        for (String token : List.of(vpnOperator, vpnAdmin)) {
            ResponseEntity<JsonNode> portal = post("/api/challenges", token,
                    Map.of("accountId", accountId, "userId", userId, "channel", "PORTAL"));
            assertThat(portal.getStatusCode().value()).isEqualTo(403);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM challenge WHERE user_id = ?", Integer.class, userId))
                .as("no PORTAL challenge started, no one rung").isZero();
        assertThat(post("/api/challenges", vpnOperator, Map.of("accountId", accountId, "userId", userId,
                "channel", "VPN")).getStatusCode().value()).as("its own channel").isEqualTo(201);
    }

    @Test
    void aVpnGatewayMayNotCreateAnswerOrReadAPortalChallenge() {
        String credentialId = activeSymantecUser();
        String portalChallenge = challenge("PORTAL").getBody().path("challengeId").asText();

        ResponseEntity<JsonNode> created = post("/api/challenges", TestJwt.vpn(),
                Map.of("accountId", accountId, "userId", userId, "channel", "PORTAL"));
        ResponseEntity<JsonNode> answered = post("/api/challenges/" + portalChallenge + "/responses", TestJwt.vpn(),
                Map.of("accountId", accountId, "userId", userId, "code", VendorSimulator.currentCode(credentialId)));
        ResponseEntity<JsonNode> read = get("/api/challenges/" + portalChallenge, TestJwt.vpn());

        assertThat(created.getStatusCode().value()).isEqualTo(403);
        // as for an id that names no challenge: the token does not learn that it is a portal login's
        ResponseEntity<JsonNode> unknown = get("/api/challenges/" + UUID.randomUUID(), TestJwt.vpn());
        assertThat(answered.getStatusCode().value()).isEqualTo(404);
        assertThat(read.getStatusCode().value()).isEqualTo(404);
        assertThat(read.getBody().path("type")).isEqualTo(unknown.getBody().path("type"));
        assertThat(read.getBody().path("detail")).isEqualTo(unknown.getBody().path("detail"));
        assertThat(answered.getBody().path("detail")).isEqualTo(unknown.getBody().path("detail"));
        assertThat(get("/api/challenges/" + portalChallenge, TestJwt.portal()).getBody().path("status").asText())
                .isEqualTo("PENDING");
    }

    @Test
    void aVpnGatewayWhoseTokenNamesAnAccountActsOnThatAccountOnly() {
        String credentialId = activeSymantecUser();
        String ownGateway = TestJwt.token("vpn-gateway-own", "VPN", accountId);
        String otherGateway = TestJwt.token("vpn-gateway-other", "VPN", "another-account");
        String vpnChallenge = challenge("VPN").getBody().path("challengeId").asText();

        ResponseEntity<JsonNode> created = post("/api/challenges", otherGateway,
                Map.of("accountId", accountId, "userId", userId, "channel", "VPN"));
        ResponseEntity<JsonNode> answered = post("/api/challenges/" + vpnChallenge + "/responses", otherGateway,
                Map.of("accountId", accountId, "userId", userId, "code", VendorSimulator.currentCode(credentialId)));
        ResponseEntity<JsonNode> read = get("/api/challenges/" + vpnChallenge, otherGateway);

        assertThat(created.getStatusCode().value()).isEqualTo(403);
        assertThat(created.getBody().path("detail").asText())
                .isEqualTo("A VPN gateway of account another-account cannot act on account " + accountId);
        assertThat(answered.getStatusCode().value()).as("another account's challenge looks missing").isEqualTo(404);
        assertThat(read.getStatusCode().value()).isEqualTo(404);
        assertThat(get("/api/challenges/" + vpnChallenge, ownGateway).getBody().path("status").asText())
                .as("nothing was answered").isEqualTo("PENDING");
        ResponseEntity<JsonNode> answeredByOwn = post("/api/challenges/" + vpnChallenge + "/responses", ownGateway,
                Map.of("accountId", accountId, "userId", userId, "code", VendorSimulator.currentCode(credentialId)));
        assertThat(answeredByOwn.getStatusCode().value()).isEqualTo(200);
        assertThat(answeredByOwn.getBody().path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void onlyThePortalAndAVpnGatewayMayCreateAChallengeAndTheRefusalNamesThem() {
        activeSymantecUser();

        ResponseEntity<JsonNode> byAdmin = post("/api/challenges", TestJwt.admin(accountId),
                Map.of("accountId", accountId, "userId", userId, "channel", "PORTAL"));
        ResponseEntity<JsonNode> byOperator = post("/api/challenges", TestJwt.operator(),
                Map.of("accountId", accountId, "userId", userId, "channel", "VPN"));

        assertThat(byAdmin.getStatusCode().value()).isEqualTo(403);
        assertThat(byAdmin.getBody().path("detail").asText()).contains("PORTAL or VPN", "ADMIN");
        assertThat(byOperator.getStatusCode().value()).isEqualTo(403);
        assertThat(challenge("PORTAL").getStatusCode().value()).isEqualTo(201);
    }

    @Test
    void aTokenThatIsAlsoAnAdminOfAnotherAccountMayNotChallengeAUserOfThisOneAndNothingIsSent() {
        activeSymantecUser();
        String portalAndAdminElsewhere = TestJwt.with("PORTAL", claims -> {
            claims.put("roles", List.of("PORTAL", "ADMIN"));
            claims.put("accountId", "another-account");
        });

        ResponseEntity<JsonNode> refused = post("/api/challenges", portalAndAdminElsewhere,
                Map.of("accountId", accountId, "userId", userId, "channel", "PORTAL"));

        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(withoutInstance(refused.getBody())).isEqualTo(new tools.jackson.databind.ObjectMapper().readTree(
                "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"An admin of account "
                + "another-account cannot act on account " + accountId + "\"}"));
        assertThat(refused.getBody().path("instance").asText()).isEqualTo("/api/challenges");
        assertThat(challenge("PORTAL").getStatusCode().value()).isEqualTo(201);
    }

    @Test
    void aVpnGatewayMayDoNothingElse() {
        activeSymantecUser();

        assertThat(get(userPath(""), TestJwt.vpn()).getStatusCode().value()).isEqualTo(403);
        assertThat(put(userPath("/phonefactor/settings"), TestJwt.vpn(), Map.of("status", "INACTIVE"))
                .getStatusCode().value()).isEqualTo(403);
        assertThat(post(userPath("/symantec/activation"), TestJwt.vpn(), Map.of("securityCode", "123456"))
                .getStatusCode().value()).isEqualTo(403);
        assertThat(post(userPath("/unlock"), TestJwt.vpn(), Map.of()).getStatusCode().value()).isEqualTo(403);
        assertThat(post(userPath("/deactivate"), TestJwt.vpn(), Map.of()).getStatusCode().value()).isEqualTo(403);
        assertThat(status().path("state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void anAdminOfAnotherAccountGetsTheSameNotFoundForAChallengeAsForOneThatDoesNotExist() {
        activeSymantecUser();
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        String missing = UUID.randomUUID().toString();

        ResponseEntity<JsonNode> elsewhere = get("/api/challenges/" + challengeId, TestJwt.admin("another-account"));
        ResponseEntity<JsonNode> nowhere = get("/api/challenges/" + missing, TestJwt.admin("another-account"));

        assertThat(elsewhere.getStatusCode().value()).isEqualTo(404);
        assertThat(withoutInstance(elsewhere.getBody())).isEqualTo(withoutInstance(nowhere.getBody()));
    }

    @Test
    void anAdminOfAnotherAccountGetsTheSameNotFoundForAUserAsForOneThatDoesNotExist() {
        activeSymantecUser();
        String existing = userPath("");
        userId = "no-such-user-" + UUID.randomUUID();
        String missing = userPath("");

        ResponseEntity<JsonNode> elsewhere = get(existing, TestJwt.admin("another-account"));
        ResponseEntity<JsonNode> nowhere = get(missing, TestJwt.admin("another-account"));

        assertThat(elsewhere.getStatusCode().value()).isEqualTo(404);
        assertThat(withoutInstance(elsewhere.getBody())).isEqualTo(withoutInstance(nowhere.getBody()));
        assertThat(post(existing.replace("?", "/unlock?"), TestJwt.admin("another-account"), Map.of())
                .getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void everyEndpointAllowsExactlyTheCallersOfThisTable(@Autowired List<RequestMappingHandlerMapping> mappings) {
        Map<RequestMappingInfo, HandlerMethod> handlers = new LinkedHashMap<>();
        mappings.forEach(mapping -> handlers.putAll(mapping.getHandlerMethods()));

        assertThat(EndpointDeclarations.callers(handlers)).isEqualTo(Map.ofEntries(
                Map.entry("POST /api/users/{userId}/external-auth/phonefactor/phones", "PORTAL, ADMIN"),
                Map.entry("GET /api/users/{userId}/external-auth/phonefactor/phones/verifications/{verificationId}", "PORTAL, ADMIN"),
                Map.entry("PUT /api/users/{userId}/external-auth/phonefactor/settings", "PORTAL, ADMIN"),
                Map.entry("POST /api/users/{userId}/external-auth/phonefactor/pin-reset", "ADMIN"),
                Map.entry("POST /api/users/{userId}/external-auth/symantec/activation", "PORTAL, ADMIN"),
                Map.entry("GET /api/users/{userId}/external-auth", "PORTAL, ADMIN, OPERATOR"),
                Map.entry("POST /api/users/{userId}/external-auth/unlock", "ADMIN, OPERATOR"),
                Map.entry("POST /api/users/{userId}/external-auth/deactivate", "ADMIN, OPERATOR"),
                Map.entry("POST /api/challenges", "PORTAL, VPN + the account the body names"),
                Map.entry("POST /api/challenges/{challengeId}/responses", "PORTAL, ADMIN, VPN"),
                Map.entry("GET /api/challenges/{challengeId}", "PORTAL, ADMIN, OPERATOR, VPN"),
                Map.entry("POST /callbacks/telephony", "signed: the telephony gateway's HMAC signature, checked before the body is parsed")));
    }

    @Test
    void noControllerIsWrappedInAProxyAndNoMethodSecurityRunsPerCall(@Autowired ApplicationContext context) {
        assertThat(context.getBeansWithAnnotation(RestController.class).values()).isNotEmpty()
                .noneMatch(AopUtils::isAopProxy);
        assertThat(context.getBeansOfType(AuthorizationManagerBeforeMethodInterceptor.class)).isEmpty();
    }

    @Test
    void everyEndpointDeclaresWhoMayCallIt(@Autowired List<RequestMappingHandlerMapping> mappings) {
        assertThat(mappings).isNotEmpty();
        assertThat(mappings.stream().flatMap(m -> EndpointDeclarations.undeclared(m.getHandlerMethods()).stream()))
                .isEmpty();
    }

    @Test
    void everyEndpointAboutAUserDeclaresItsAccountScopeOnce(@Autowired List<RequestMappingHandlerMapping> mappings) {
        List<String> aboutAUser = mappings.stream().flatMap(m -> m.getHandlerMethods().entrySet().stream())
                .filter(e -> e.getKey().getPatternValues().stream().anyMatch(p -> p.startsWith("/api/users/")))
                .map(e -> e.getValue().toString() + (Arrays.stream(e.getValue().getMethodParameters())
                        .anyMatch(p -> p.hasParameterAnnotation(ScopedAccount.class)) ? "" : " (no @ScopedAccount)"))
                .toList();

        assertThat(aboutAUser).hasSize(8).noneMatch(handler -> handler.endsWith("(no @ScopedAccount)"));
    }

    @Test
    void theScopedAccountIsDocumentedAsTheOptionalAccountIdQueryParameter() {
        JsonNode paths = get("/v3/api-docs", TestJwt.operator()).getBody().path("paths");
        JsonNode parameters = paths.path("/api/users/{userId}/external-auth").path("get").path("parameters");
        JsonNode accountId = parameters.valueStream().filter(p -> p.path("name").asText().equals("accountId"))
                .findFirst().orElseThrow();

        assertThat(accountId.path("in").asText()).isEqualTo("query");
        assertThat(accountId.path("required").asBoolean(true)).isFalse();
        assertThat(accountId.path("schema").path("type").asText()).isEqualTo("string");
    }

    private static JsonNode withoutInstance(JsonNode problem) {
        ObjectNode copy = (ObjectNode) problem.deepCopy();
        copy.remove("instance");
        return copy;
    }
}
