package io.extauth.order.status.adapter;

import static io.extauth.service.security.Role.ADMIN;
import static io.extauth.service.security.Role.BILLING;
import static io.extauth.service.security.Role.OPERATOR;
import static io.extauth.service.security.Role.PORTAL;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.events.OrderRejected.Reason;
import io.extauth.order.status.Order;
import io.extauth.order.status.OrderStatus;
import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Where an order stands, and an account's orders; an admin sees only their own account's. */
@RestController
@RequestMapping("/api/orders")
@Callers({PORTAL, ADMIN, BILLING, OPERATOR})
class OrderQueryController {

    static final int MAX_PAGE_SIZE = 100;

    private final Orders orders;

    OrderQueryController(Orders orders) {
        this.orders = orders;
    }

    /** An order as callers see it; {@code reasons} only for a rejected one. */
    record OrderView(String orderId, String accountId, String userId, @Nullable String type, OrderStatus status,
            @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable BigDecimal monthlyFee, @Nullable String promoCode,
            OrderChannel channel, @Nullable List<Reason> reasons, Instant updatedAt) {

        static OrderView of(Order order) {
            return new OrderView(order.orderId(), order.accountId(), order.userId(), order.type(), order.status(),
                    order.monthlyFee(), order.promoCode(), order.channel(),
                    order.reasons().isEmpty() ? null : order.reasons(), order.updatedAt());
        }
    }

    /** One page of an account's orders, newest first. */
    record OrderPage(List<OrderView> items, int page, int size, long totalElements) {
    }

    @GetMapping("/{orderId}")
    @Operation(summary = "Where an order stands: status, monthly fee, channel, and the reasons of a rejection")
    @ApiResponse(responseCode = "200", description = "The order")
    @ApiResponse(responseCode = "404", description = "`about:blank`: no such order, or another account's (the same "
            + "answer)")
    OrderView one(@PathVariable String orderId) {
        Order order = orders.find(orderId).orElseThrow(() -> noSuchOrder(orderId));
        AccountAccess.requireVisible(order.accountId(), () -> noSuchOrder(orderId));
        return OrderView.of(order);
    }

    /** For a missing order and for another account's alike, so an admin cannot learn which ids exist. */
    static ResponseStatusException noSuchOrder(String orderId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no order " + orderId);
    }

    @GetMapping
    @Operation(summary = "An account's orders, newest first, paged (size at most 100)")
    OrderPage ofAccount(@RequestParam String accountId, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        AccountAccess.requireAccount(accountId);
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "page is 0 or more and size between 1 and " + MAX_PAGE_SIZE);
        }
        List<OrderView> items = orders.ofAccount(accountId, page, size).stream().map(OrderView::of).toList();
        return new OrderPage(items, page, size, orders.countOfAccount(accountId));
    }
}
