package io.extauth.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.Provisioned;
import io.extauth.service.security.EndpointDeclarations;
import io.extauth.testsupport.TestJwt;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Who may read a user's e-mail timeline and the account's admin contacts, and the service's topic document. */
@SuppressWarnings({"rawtypes", "unchecked"})
class NotificationAccessIntegrationTest extends NotificationIntegrationTestBase {

    @Test
    void anAdminSeesTheMailsOfTheirAccountsUserMaskedOnly() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));
        topics.awaitEvent(Topics.AUTH_EMAIL_SENT, "EmailSent", order.userId());

        ResponseEntity<List<Map<String, Object>>> answer = emailsOf(order.userId(), TestJwt.admin(ACCOUNT));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody()).singleElement().satisfies(mail -> assertThat(mail)
                .containsEntry("template", "provisioned-phonefactor").containsEntry("toMasked", masked(order))
                .containsEntry("orderId", order.orderId()));
        assertThat(answer.toString()).doesNotContain(order.email());
    }

    @Test
    void aUsersTimelineAnswersItsNewestHundredMailsOldestFirstOrFewerWhenAsked() {
        String userId = "u-many-" + UUID.randomUUID();
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        for (int n = 0; n < 150; n++) {
            Timestamp at = Timestamp.from(first.plusSeconds(n));
            jdbc.update("""
                    INSERT INTO email (message_id, event_id, template, account_id, user_id, to_masked, status, sent_at,
                                       attempts, created_at)
                    VALUES (?, ?, 'locked-out', ?, ?, 'j***@example.com', 'SENT', ?, 1, ?)""",
                    "<many-" + n + "-" + userId + "@extauth>", "e-" + n + "-" + userId, ACCOUNT, userId, at, at);
        }
        try {
            ResponseEntity<List<Map<String, Object>>> all = emailsOf(userId, TestJwt.admin(ACCOUNT));
            ResponseEntity<List<Map<String, Object>>> few = emailsAt(userId, "?limit=3");

            assertThat(all.getBody()).hasSize(100);
            assertThat(all.getBody().get(0).get("messageId")).isEqualTo("<many-50-" + userId + "@extauth>");
            assertThat(all.getBody().get(99).get("messageId")).isEqualTo("<many-149-" + userId + "@extauth>");
            assertThat(few.getBody()).extracting(mail -> mail.get("messageId")).containsExactly(
                    "<many-147-" + userId + "@extauth>", "<many-148-" + userId + "@extauth>",
                    "<many-149-" + userId + "@extauth>");
            for (String limit : List.of("?limit=0", "?limit=101", "?limit=-1")) {
                HttpHeaders headers = new HttpHeaders();
                headers.setBearerAuth(TestJwt.admin(ACCOUNT));
                assertThat(http.exchange("/api/accounts/" + ACCOUNT + "/users/" + userId + "/emails" + limit,
                        HttpMethod.GET, new HttpEntity<>(headers), String.class).getStatusCode()).as(limit)
                        .isEqualTo(HttpStatus.BAD_REQUEST);
            }
        } finally {
            jdbc.update("DELETE FROM email WHERE account_id = ? AND user_id = ?", ACCOUNT, userId);
        }
    }

    private ResponseEntity<List<Map<String, Object>>> emailsAt(String userId, String query) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.admin(ACCOUNT));
        return http.exchange("/api/accounts/" + ACCOUNT + "/users/" + userId + "/emails" + query, HttpMethod.GET,
                new HttpEntity<>(headers), new ParameterizedTypeReference<List<Map<String, Object>>>() { });
    }

    @Test
    void theMailsOfAUserNeedAToken() {
        ResponseEntity<String> answer = http.getForEntity("/api/accounts/1234/users/u-1/emails", String.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void anAdminOfAnotherAccountGetsTheSameNotFoundForAUserWithMailsAsForNoUserAtAll() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));
        topics.awaitEvent(Topics.AUTH_EMAIL_SENT, "EmailSent", order.userId());

        ResponseEntity<Map> existing = rawEmailsOf(ACCOUNT, order.userId(), TestJwt.admin("9999"));
        ResponseEntity<Map> missing = rawEmailsOf(ACCOUNT, "no-such-user", TestJwt.admin("9999"));

        assertThat(existing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(withoutInstance(existing.getBody())).isEqualTo(withoutInstance(missing.getBody()))
                .containsEntry("type", "https://extauth.io/problems/no-such-account-user");
        assertThat(withoutInstance(existing.getBody()).toString()).doesNotContain(order.userId());
    }

    @Test
    void billingAndRoleLessAndVpnTokensMayNotReadTheMailsOfAUser() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));
        topics.awaitEvent(Topics.AUTH_EMAIL_SENT, "EmailSent", order.userId());

        assertThat(rawEmailsOf(ACCOUNT, order.userId(), TestJwt.billing()).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rawEmailsOf(ACCOUNT, order.userId(), TestJwt.withoutRoles()).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rawEmailsOf(ACCOUNT, order.userId(), TestJwt.vpn()).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(emailsOf(order.userId(), TestJwt.portal()).getBody()).hasSize(1);
        assertThat(emailsOf(order.userId(), TestJwt.operator()).getBody()).hasSize(1);
    }

    @Test
    void everyEndpointAllowsExactlyTheCallersOfThisTable(@Autowired List<RequestMappingHandlerMapping> mappings) {
        Map<RequestMappingInfo, HandlerMethod> handlers = new LinkedHashMap<>();
        mappings.forEach(mapping -> handlers.putAll(mapping.getHandlerMethods()));

        assertThat(EndpointDeclarations.callers(handlers)).isEqualTo(Map.ofEntries(
                Map.entry("GET /api/accounts/{accountId}/users/{userId}/emails", "PORTAL, ADMIN, OPERATOR"),
                Map.entry("PUT /api/accounts/{accountId}/admin-contacts", "ADMIN, OPERATOR"),
                Map.entry("GET /api/accounts/{accountId}/admin-contacts", "ADMIN, OPERATOR")));
    }

    @Test
    void everyEndpointDeclaresWhoMayCallIt(@Autowired List<RequestMappingHandlerMapping> mappings) {
        assertThat(mappings).isNotEmpty();
        assertThat(mappings.stream().flatMap(m -> EndpointDeclarations.undeclared(m.getHandlerMethods()).stream()))
                .isEmpty();
    }

    @Test
    void springwolfsPublishingEndpointIsForOperatorsOnlyWhereverItIsSwitchedOn() {
        String event = "{\"topic\":\"auth.activated\",\"payload\":\"{}\",\"payloadType\":\"Deactivated\"}";
        for (String token : List.of(TestJwt.admin("1234"), TestJwt.portal(), TestJwt.billing(), TestJwt.vpn())) {
            HttpHeaders headers = new HttpHeaders();
            headers.setBearerAuth(token);
            headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);

            ResponseEntity<String> published = http.exchange("/springwolf/kafka/publish", HttpMethod.POST,
                    new HttpEntity<>(event, headers), String.class);

            // published straight to a topic, an event skips every check of the API: an admin of one account could
            // deactivate another account's users
            assertThat(published.getStatusCode()).as(published.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
        }
        HttpHeaders operator = new HttpHeaders();
        operator.setBearerAuth(TestJwt.operator());
        operator.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        ResponseEntity<String> asOperator = http.exchange("/springwolf/kafka/publish", HttpMethod.POST,
                new HttpEntity<>(event, operator), String.class);
        assertThat(asOperator.getStatusCode()).as("let through: publishing is off here, so there is nothing there")
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void theAsyncApiDocumentShowsWhatIsConsumedAndProduced() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.operator());

        ResponseEntity<String> docs = http.exchange("/springwolf/docs", HttpMethod.GET, new HttpEntity<>(headers),
                String.class);

        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(docs.getBody()).contains(Topics.AUTH_ORDERED, Topics.AUTH_PROVISIONED, Topics.AUTH_ACTIVATED,
                Topics.AUTH_EMAIL_SENT, Topics.AUTH_CHALLENGE_RESULT, "EmailSent", "Provisioned", "Activated",
                "ChallengeResult", "FraudReported");
        // one operation reads three types on auth.activated: each is described, not only the first
        assertThat(docs.getBody()).contains("- **Activated**: E-mail the user that the factor is active",
                "**FactorSettingsChanged**: E-mail the user what changed",
                "**Deactivated**: Keep the order it names as deactivated");
    }

    @Test
    void adminContactsWithBadAddressesAreRefusedNamingEveryBadEntryAndChangeNothing() {
        String account = "acct-" + UUID.randomUUID();
        putAdminContacts(account, TestJwt.admin(account), Map.of("emails", List.of("kept@example.com")));
        List<String> bad = Arrays.asList("ok@example.com", "not-an-address", " ", "OK@example.com", "a b@example.com");

        ResponseEntity<Map> answer = putAdminContacts(account, TestJwt.admin(account), Map.of("emails", bad));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat((List<Map<String, Object>>) answer.getBody().get("errors"))
                .extracting(e -> e.get("field") + " " + e.get("code"))
                .containsExactly("emails[1] INVALID_EMAIL", "emails[2] REQUIRED", "emails[3] DUPLICATE",
                        "emails[4] INVALID_EMAIL");
        assertThat(putAdminContacts(account, TestJwt.admin(account), Map.of()).getStatusCode())
                .as("no list at all").isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(adminContactEmails(account, TestJwt.operator())).containsExactly("kept@example.com");
    }

    @Test
    void onlyAnAdminOfTheAccountOrAnOperatorMaySeeOrChangeTheAdminContacts() {
        String account = "acct-" + UUID.randomUUID();
        putAdminContacts(account, TestJwt.operator(), Map.of("emails", List.of("first@example.com")));
        Map<String, Object> change = Map.of("emails", List.of("evil@example.com"));

        assertThat(putAdminContacts(account, TestJwt.admin("9999"), change).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(putAdminContacts(account, TestJwt.portal(), change).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(adminContacts(account, TestJwt.admin("9999")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(adminContacts(account, TestJwt.billing()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.getForEntity("/api/accounts/" + account + "/admin-contacts", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(adminContactEmails(account, TestJwt.admin(account))).containsExactly("first@example.com");
    }
}
