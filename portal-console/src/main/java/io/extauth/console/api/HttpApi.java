package io.extauth.console.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.extauth.console.ConsoleProperties;
import io.extauth.console.signin.Tokens;
import io.extauth.console.signin.Visitor;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link Api} over HTTP: one RestClient per service, each with the console's timeouts and the visitor's token. */
@Component
class HttpApi implements Api {

    /** The newest orders the users screen looks at: enough for a demo account, one page of order-service. */
    private static final int ORDERS_PAGE = 100;

    private final RestClient orders;
    private final RestClient challenges;
    private final RestClient notifications;
    private final Tokens tokens;
    private final JsonMapper json;

    HttpApi(RestClient.Builder builder, ConsoleProperties properties, Tokens tokens, JsonMapper json) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
        // blocking on the console's own request thread: no thread started per call (BlockingJdkRequests)
        BlockingJdkRequests requests = new BlockingJdkRequests(http, properties.readTimeout());
        this.orders = client(builder, requests, properties.orderServiceUrl());
        this.challenges = client(builder, requests, properties.challengeServiceUrl());
        this.notifications = client(builder, requests, properties.notificationServiceUrl());
        this.tokens = tokens;
        this.json = json;
    }

    private RestClient client(RestClient.Builder builder, ClientHttpRequestFactory requests, @Nullable URI base) {
        return builder.clone().baseUrl(String.valueOf(base)).requestFactory(requests)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
                    throw problem(response);
                })
                .build();
    }

    private record OrderPage(List<Order> items) {
    }

    private record Accepted(String orderId) {
    }

    @Override
    public List<Order> orders(Visitor visitor, String accountId) {
        OrderPage page = orders.get().uri("/api/orders?accountId={a}&size={s}", accountId, ORDERS_PAGE)
                .headers(h -> h.setBearerAuth(tokens.tokenFor(visitor))).retrieve().body(OrderPage.class);
        return page == null ? List.of() : page.items();
    }

    @Override
    public String placeOrder(Visitor visitor, OrderRequest order) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accountId", order.accountId());
        body.put("userId", order.userId());
        body.put("email", order.email());
        body.put("type", order.type());
        body.put("msaAcknowledged", order.msaAcknowledged());
        // a blank optional field is no field: order-service forbids a credential ID for PhoneFactor
        if (order.credentialId() != null && !order.credentialId().isBlank()) {
            body.put("credentialId", order.credentialId());
        }
        if (order.promoCode() != null && !order.promoCode().isBlank()) {
            body.put("promoCode", order.promoCode());
        }
        Accepted accepted = send(orders.post().uri("/api/orders"), visitor, body).retrieve().body(Accepted.class);
        return accepted == null ? "" : accepted.orderId();
    }

    @Override
    public Factor factor(Visitor visitor, String accountId, String userId) {
        return challenges.get().uri(user(userId, "", accountId))
                .headers(h -> h.setBearerAuth(tokens.tokenFor(visitor))).retrieve().body(Factor.class);
    }

    @Override
    public List<Email> emails(Visitor visitor, String accountId, String userId) {
        List<Email> emails = notifications.get().uri("/api/accounts/{a}/users/{u}/emails", accountId, userId)
                .headers(h -> h.setBearerAuth(tokens.tokenFor(visitor))).retrieve()
                .body(new ParameterizedTypeReference<List<Email>>() { });
        return emails == null ? List.of() : emails;
    }

    @Override
    public Verification verifyPhone(Visitor visitor, String accountId, String userId, PhoneRequest phone) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("slot", phone.slot());
        body.put("countryCode", phone.countryCode());
        body.put("number", phone.number());
        if (phone.extension() != null && !phone.extension().isBlank()) {
            body.put("extension", phone.extension());
        }
        return send(challenges.post().uri(user(userId, "/phonefactor/phones", accountId)), visitor, body)
                .retrieve().body(Verification.class);
    }

    @Override
    public Verification verification(Visitor visitor, String accountId, String userId, String verificationId) {
        return challenges.get().uri(user(userId, "/phonefactor/phones/verifications/" + segment(verificationId),
                accountId)).headers(h -> h.setBearerAuth(tokens.tokenFor(visitor))).retrieve().body(Verification.class);
    }

    @Override
    public Factor saveSettings(Visitor visitor, String accountId, String userId, SettingsRequest settings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", settings.status());
        if (settings.method() != null) {
            body.put("method", settings.method());
        }
        if (settings.pin() != null && !settings.pin().isEmpty()) {
            body.put("pin", settings.pin());
        }
        return send(challenges.put().uri(user(userId, "/phonefactor/settings", accountId)), visitor, body)
                .retrieve().body(Factor.class);
    }

    @Override
    public Factor activateSymantec(Visitor visitor, String accountId, String userId, String securityCode) {
        return send(challenges.post().uri(user(userId, "/symantec/activation", accountId)), visitor,
                Map.of("securityCode", securityCode)).retrieve().body(Factor.class);
    }

    @Override
    public Factor admin(Visitor visitor, String accountId, String userId, AdminAction action) {
        return challenges.post().uri(user(userId, "/" + action.path(), accountId))
                .headers(h -> h.setBearerAuth(tokens.tokenFor(visitor))).retrieve().body(Factor.class);
    }

    @Override
    public IssuedChallenge challenge(Visitor visitor, String accountId, String userId, String channel,
            String loginId) {
        return send(challenges.post().uri("/api/challenges"), visitor,
                Map.of("accountId", accountId, "userId", userId, "channel", channel, "loginId", loginId))
                .retrieve().body(IssuedChallenge.class);
    }

    @Override
    public ChallengeState challengeState(Visitor visitor, String challengeId) {
        return challenges.get().uri("/api/challenges/{id}", challengeId)
                .headers(h -> h.setBearerAuth(tokens.tokenFor(visitor))).retrieve().body(ChallengeState.class);
    }

    @Override
    public DecidedChallenge answer(Visitor visitor, String challengeId, String accountId, String userId, String code) {
        return send(challenges.post().uri("/api/challenges/{id}/responses", challengeId), visitor,
                Map.of("accountId", accountId, "userId", userId, "code", code)).retrieve().body(DecidedChallenge.class);
    }

    /**
     * The body goes as bytes: given the map, RestClient logs it at DEBUG ("Writing [{..., pin=1234}]"), and a PIN, a
     * security code or a phone number would reach the console's log whenever someone turns Spring's web logging up.
     */
    private RestClient.RequestBodySpec send(RestClient.RequestBodySpec request, Visitor visitor, Object body) {
        return request.headers(h -> h.setBearerAuth(tokens.tokenFor(visitor))).contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsBytes(body));
    }

    private static URI user(String userId, String path, String accountId) {
        return URI.create("/api/users/" + segment(userId) + "/external-auth" + path + "?accountId="
                + java.net.URLEncoder.encode(accountId, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String segment(String value) {
        return org.springframework.web.util.UriUtils.encodePathSegment(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private ApiProblem problem(ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        JsonNode body;
        try {
            body = json.readTree(response.getBody());
        } catch (RuntimeException e) {
            body = json.createObjectNode();
        }
        List<FieldProblem> errors = new ArrayList<>();
        for (JsonNode error : body.path("errors")) {
            errors.add(new FieldProblem(text(error, "field"), text(error, "code"), text(error, "message")));
        }
        String lockedUntil = text(body, "lockedUntil");
        String retryAfter = response.getHeaders().getFirst("Retry-After");
        Long retryAfterSeconds = body.has("retryAfterSeconds") ? Long.valueOf(body.path("retryAfterSeconds").asLong())
                : retryAfter != null && retryAfter.matches("\\d+") ? Long.valueOf(retryAfter) : null;
        return new ApiProblem(status, text(body, "type"), text(body, "title"), text(body, "detail"), errors,
                lockedUntil == null ? null : Instant.parse(lockedUntil), retryAfterSeconds);
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asString() : null;
    }
}
