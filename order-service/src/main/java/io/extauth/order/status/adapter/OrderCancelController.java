package io.extauth.order.status.adapter;

import static io.extauth.service.security.Role.ADMIN;
import static io.extauth.service.security.Role.PORTAL;

import io.extauth.order.status.OrderStatus;
import io.extauth.order.status.adapter.OrderQueryController.OrderView;
import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cancel as a state change of the order ({@code POST .../cancel}), not a {@code DELETE}: the order stays readable,
 * now {@code CANCELLED}. Repeating the request answers the same and publishes nothing more.
 */
@RestController
@RequestMapping("/api/orders")
@Callers({PORTAL, ADMIN})
class OrderCancelController {

    static final String NOT_CANCELLABLE = "https://extauth.io/problems/order-not-cancellable";

    private final OrderCancellation cancellation;

    OrderCancelController(OrderCancellation cancellation) {
        this.cancellation = cancellation;
    }

    @PostMapping("/{orderId}/cancel")
    @Operation(summary = "Cancel an order that is not provisioned yet (status ACCEPTED): it becomes CANCELLED and "
            + "OrderCancelled is published; once provisioned, 409: deactivate instead",
            responses = {
                @ApiResponse(responseCode = "200", description = "The order, now CANCELLED (also on a repeat)"),
                @ApiResponse(responseCode = "404", description = "`about:blank`: no such order, or another "
                        + "account's (the same answer)"),
                @ApiResponse(responseCode = "409", description = "`order-not-cancellable`: provisioned already "
                        + "(deactivate instead), or rejected, failed or deactivated (nothing to cancel); "
                        + "`orderStatus` says which")})
    OrderView cancel(@PathVariable String orderId) {
        OrderCancellation.Outcome outcome = cancellation.cancel(orderId, AccountAccess.callerName(),
                account -> AccountAccess.requireVisible(account, () -> OrderQueryController.noSuchOrder(orderId)))
                .orElseThrow(() -> OrderQueryController.noSuchOrder(orderId));
        OrderStatus status = outcome.order().status();
        return switch (outcome.verdict()) {
            case CANCEL, ALREADY_CANCELLED -> OrderView.of(outcome.order());
            case DEACTIVATE_INSTEAD -> throw problem(HttpStatus.CONFLICT, NOT_CANCELLABLE, "Order " + orderId
                    + " is " + status + ": the vendor has provisioned it, so it can no longer be cancelled; "
                    + "deactivate the user's external authentication instead", status);
            case NOTHING_TO_CANCEL -> throw problem(HttpStatus.CONFLICT, NOT_CANCELLABLE, "Order " + orderId
                    + " is " + status + " and has nothing left to cancel", status);
        };
    }

    private static ErrorResponseException problem(HttpStatus httpStatus, @Nullable String type, String detail,
            @Nullable OrderStatus orderStatus) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(httpStatus, detail);
        if (type != null) {
            problem.setType(URI.create(type));
        }
        if (orderStatus != null) {
            problem.setProperty("orderStatus", orderStatus.name());
        }
        return new ErrorResponseException(httpStatus, problem, null);
    }
}
