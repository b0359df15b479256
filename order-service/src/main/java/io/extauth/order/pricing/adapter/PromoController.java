package io.extauth.order.pricing.adapter;

import static io.extauth.service.security.Role.OPERATOR;

import io.extauth.contract.AuthType;
import io.extauth.order.pricing.Promo;
import io.extauth.order.pricing.PromoRules;
import io.extauth.service.problem.ProblemsAdvice.FieldError;
import io.extauth.service.problem.ProblemsAdvice.FieldProblemsException;
import io.extauth.service.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators keep the promo table. */
@RestController
@RequestMapping("/api/promos")
@Callers(OPERATOR)
class PromoController {

    private final Promos promos;

    PromoController(Promos promos) {
        this.promos = promos;
    }

    /** A promo as the endpoint shows and takes it; {@code code} comes from the path on PUT. */
    record PromoBody(@Nullable String code, @Nullable BigDecimal percentOff, @Nullable BigDecimal amountOff,
            @Nullable LocalDate validFrom, @Nullable LocalDate validUntil, @Nullable List<String> appliesTo) {

        static PromoBody of(Promo promo) {
            return new PromoBody(promo.code(), promo.percentOff(), promo.amountOff(), promo.validFrom(),
                    promo.validUntil(), promo.appliesTo().stream().map(Enum::name).sorted().toList());
        }
    }

    @GetMapping
    @Operation(summary = "List all promo codes")
    List<PromoBody> all() {
        return promos.findAll().stream().map(PromoBody::of).toList();
    }

    @PutMapping("/{code}")
    @Operation(summary = "Create or replace a promo code: percentOff or amountOff, validity window, applicable types")
    @ApiResponse(responseCode = "200", description = "Replaced: the promo as it is now")
    @ApiResponse(responseCode = "201", description = "Created: the promo as it is now")
    @ApiResponse(responseCode = "422", description = "`invalid-promo`: every problem of the definition at once in "
            + "`errors` (`INVALID_FORMAT`, `ONE_DISCOUNT_REQUIRED`, `OUT_OF_RANGE`, `REQUIRED`, `BEFORE_VALID_FROM`, "
            + "`INVALID_VALUE`, `TOO_MANY`)")
    ResponseEntity<PromoBody> put(@PathVariable String code, @RequestBody PromoBody body) {
        String normalized = Promo.normalize(code);
        List<PromoRules.Problem> problems = PromoRules.problems(normalized, body.percentOff(), body.amountOff(),
                body.validFrom(), body.validUntil(), body.appliesTo());
        if (!problems.isEmpty()) {
            throw new FieldProblemsException(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-promo",
                    "The promo has " + problems.size() + " problem(s)",
                    problems.stream().map(p -> new FieldError(p.field(), p.code(), p.message())).toList());
        }
        Promo promo = new Promo(normalized, body.percentOff(), body.amountOff(), Objects.requireNonNull(body.validFrom()),
                Objects.requireNonNull(body.validUntil()), Objects.requireNonNull(body.appliesTo()).stream()
                        .map(AuthType::valueOf).collect(Collectors.toSet()));
        boolean created = promos.save(promo);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(PromoBody.of(promo));
    }
}
