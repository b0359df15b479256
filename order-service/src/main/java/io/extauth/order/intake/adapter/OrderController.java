package io.extauth.order.intake.adapter;

import static io.extauth.service.security.Role.ADMIN;
import static io.extauth.service.security.Role.BILLING;
import static io.extauth.service.security.Role.PORTAL;

import io.extauth.service.security.Callers;
import tools.jackson.core.JacksonException;
import io.extauth.contract.ContractJson;
import io.extauth.contract.Masking;
import io.extauth.contract.OrderChannel;
import io.extauth.order.intake.OrderForm;
import io.extauth.order.intake.OrderValidator;
import io.extauth.order.intake.adapter.OrderIntake.IdempotentRequest;
import io.extauth.order.intake.adapter.OrderIntake.PortalOutcome;
import io.extauth.order.status.OrderStatus;
import io.extauth.service.problem.ProblemsAdvice.FieldError;
import io.extauth.service.problem.ProblemsAdvice.FieldProblemsException;
import io.extauth.service.security.AccountAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The portal door: an order over HTTP, answered at once with its id or with every reason it cannot be taken. */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;

    private final OrderIntake intake;

    OrderController(OrderIntake intake) {
        this.intake = intake;
    }

    /**
     * The order as the portal sends it: {@code OrderPlaced}'s fields without orderId. Who ordered is the token's
     * subject, the one name here a caller cannot make up; a sent {@code orderedBy} is ignored, and left out of the
     * API document (until session 71 the document listed it, as if it were taken). It stays a field because the
     * body's fingerprint, which an {@code Idempotency-Key} is held to, is taken of these fields: without it, a retry
     * across the upgrade of a body that sent one would be {@code IDEMPOTENCY_KEY_REUSED}.
     */
    record PortalOrderRequest(@Nullable String accountId, @Nullable String userId, @Nullable String email,
            @Nullable String type, @Nullable String credentialId, @Nullable String promoCode,
            @Nullable Boolean msaAcknowledged, @Schema(hidden = true) @Nullable String orderedBy) {

        /**
         * The user's address stays out of the logs: Spring MVC logs the request it read at DEBUG ("Read ... to
         * [...]"), which printed it whole. Masked as the contract masks it; what was sent may be no address at all, so
         * only a well-formed one shows its first letter and domain.
         */
        @Override
        public String toString() {
            return "PortalOrderRequest[" + accountId + "/" + userId + ", " + type + ", email=" + maskedEmail() + "]";
        }

        private String maskedEmail() {
            return email != null && OrderValidator.isUsableEmail(email) ? Masking.email(email) : "***";
        }
    }

    record OrderAccepted(String orderId, OrderStatus status) {
    }

    @PostMapping
    @Callers({PORTAL, ADMIN, BILLING})
    @Operation(summary = "Order external authentication for an account user (202 with orderId, or 422 with every "
            + "reason); an Idempotency-Key header makes retries safe",
            responses = {
                @ApiResponse(responseCode = "202", description = "Accepted: the order is validated and priced; "
                        + "provisioning follows (GET /api/orders/{orderId}). The same Idempotency-Key from the same "
                        + "caller with the same body answers 202 again with the first orderId and nothing is ordered "
                        + "twice; only an accepted order is remembered, so a retry after a 422 or 429 is decided "
                        + "afresh",
                        content = @Content(schema = @Schema(implementation = OrderAccepted.class))),
                @ApiResponse(responseCode = "422", description = "`invalid-order`: every problem of the order at "
                        + "once in `errors` (`REQUIRED`, `INVALID_FORMAT`, `MSA_NOT_ACKNOWLEDGED` …); for the "
                        + "`Idempotency-Key` header `INVALID_FORMAT` (1 to 255 characters) or "
                        + "`IDEMPOTENCY_KEY_REUSED` (the key came before with another order)"),
                @ApiResponse(responseCode = "429", description = "Nothing was ordered; `Retry-After` says when the "
                        + "order may be sent again. `too-many-promo-codes`: the caller sent as many promo codes that "
                        + "did not apply for the account as it may for now (`extauth.orders.promo-misses.*`, 10 an "
                        + "hour by default), and an order without promoCode goes through; `too-many-orders`: the "
                        + "caller had as many orders for the account accepted as it may for now "
                        + "(`extauth.orders.accepted.per-caller`, 500 an hour by default); "
                        + "`too-many-orders-to-address`: the email address (its mailbox: case and a +tag ignored) had "
                        + "as many orders of the account accepted as it may for now "
                        + "(`extauth.orders.accepted.per-address`, 20 a day by default). "
                        + "A repeat of an accepted order with its Idempotency-Key is answered as the first")})
    ResponseEntity<OrderAccepted> place(@RequestBody PortalOrderRequest body,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String idempotencyKey) {
        if (body.accountId() != null) {
            AccountAccess.requireAccount(body.accountId());
        }
        OrderForm form = new OrderForm(OrderChannel.PORTAL, null, body.accountId(), body.userId(), body.email(),
                body.type(), body.credentialId(), body.promoCode(), body.msaAcknowledged(),
                AccountAccess.callerName());
        IdempotentRequest request = idempotentRequest(idempotencyKey, body);
        Optional<String> promoMissBucket = PromoMissBuckets.of(body.accountId());
        PortalOutcome outcome;
        try {
            outcome = intake.placeFromPortal(form, promoMissBucket, request);
        } catch (DuplicateKeyException raced) {
            // a concurrent order of the same user or of the same credential committed first: decide again (requests of
            // one Idempotency-Key do not race here: they are taken one after the other, see IdempotencyKeys)
            outcome = intake.placeFromPortal(form, promoMissBucket, request);
        }
        if (outcome instanceof PortalOutcome.PromoTriesUsedUp usedUp) {
            throw tooManyRequests("too-many-promo-codes", usedUp.retryAfter(), seconds -> "This caller sent as many "
                    + "promo codes that did not apply for this account as it may for now; nothing was ordered. Send the "
                    + "order without promoCode, or with it again in " + seconds + " s.");
        }
        if (outcome instanceof PortalOutcome.TooManyOrders tooMany) {
            throw tooManyRequests("too-many-orders", tooMany.retryAfter(), seconds -> "This caller had as many orders "
                    + "for this account accepted as it may for now; nothing was ordered. Send the order again in "
                    + seconds + " s.");
        }
        if (outcome instanceof PortalOutcome.TooManyOrdersToAddress tooMany) {
            throw tooManyRequests("too-many-orders-to-address", tooMany.retryAfter(), seconds -> "The email address "
                    + "had as many orders of this account accepted for it as it may for now; nothing was ordered. "
                    + "Send the order again in " + seconds + " s, or with the user's own address.");
        }
        if (outcome instanceof PortalOutcome.Rejected rejected) {
            throw new FieldProblemsException(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-order",
                    "The order has " + rejected.reasons().size() + " problem(s)", rejected.reasons().stream()
                            .map(r -> new FieldError(r.field(), r.code(), r.message())).toList());
        }
        PortalOutcome.Accepted accepted = (PortalOutcome.Accepted) outcome;
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new OrderAccepted(accepted.orderId(), accepted.status()));
    }

    /**
     * A {@code 429} problem {@code https://extauth.io/problems/<code>}: nothing was ordered, and {@code Retry-After}
     * (also {@code retryAfterSeconds}, whole seconds, at least 1) says when the order may be sent again.
     */
    private static ErrorResponseException tooManyRequests(String code, Duration retryAfter,
            LongFunction<String> detail) {
        long seconds = retryAfterSeconds(retryAfter);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail.apply(seconds));
        problem.setType(URI.create("https://extauth.io/problems/" + code));
        problem.setProperty("retryAfterSeconds", seconds);
        ErrorResponseException refused = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null);
        refused.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        return refused;
    }

    /** Whole seconds, rounded up: an answer of 59 for a wait of 59.9 s had the caller's retry refused again. */
    static long retryAfterSeconds(Duration wait) {
        return Math.max(1, wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0));
    }

    private static @Nullable IdempotentRequest idempotentRequest(@Nullable String key, PortalOrderRequest body) {
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new FieldProblemsException(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-order",
                    "The Idempotency-Key header is unusable", List.of(new FieldError(IDEMPOTENCY_KEY,
                            "INVALID_FORMAT", "An Idempotency-Key has 1 to " + MAX_KEY_LENGTH + " characters")));
        }
        return new IdempotentRequest(AccountAccess.callerName(), key, fingerprint(body));
    }

    private static String fingerprint(PortalOrderRequest body) {
        try {
            byte[] json = ContractJson.mapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JacksonException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
