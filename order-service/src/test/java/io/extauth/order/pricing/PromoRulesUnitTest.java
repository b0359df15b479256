package io.extauth.order.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromoRulesUnitTest {

    private static List<PromoRules.Problem> appliesTo(List<String> types) {
        return PromoRules.problems("SPRING-25", new BigDecimal("25"), null, LocalDate.of(2027, 3, 1),
                LocalDate.of(2027, 5, 31), types);
    }

    @Test
    void aListFarTooLongIsOneProblemNotOnePerEntry() {
        List<PromoRules.Problem> problems = appliesTo(Collections.nCopies(16_000, ""));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("appliesTo");
            assertThat(problem.code()).isEqualTo("TOO_MANY");
        });
    }

    @Test
    void eachInvalidValueIsNamedOnceAndCutShort() {
        String longValue = "X".repeat(5_000);
        List<PromoRules.Problem> problems = appliesTo(List.of("PHONEFACTOR", "VIP", "VIP", longValue, "VIP"));

        assertThat(problems).extracting(PromoRules.Problem::code).containsExactly("INVALID_VALUE", "INVALID_VALUE");
        assertThat(problems.get(0).message()).startsWith("'VIP' is not one of");
        assertThat(problems.get(1).message()).startsWith("'" + "X".repeat(32) + "…' is not one of")
                .hasSizeLessThan(200);
    }

    @Test
    void anAmountOffTooLargeIsRefusedNamingTheBoundAndTheLargestAllowedIsTaken() {
        for (String tooLarge : List.of("1e308", "100000000", "100000000.00")) {
            assertThat(amountOff(tooLarge)).as(tooLarge).singleElement().satisfies(problem -> {
                assertThat(problem.code()).isEqualTo("OUT_OF_RANGE");
                assertThat(problem.message()).contains("below 100000000");
            });
        }
        assertThat(amountOff("99999999.99")).isEmpty();
    }

    private static List<PromoRules.Problem> amountOff(String amount) {
        return PromoRules.problems("SPRING-25", null, new BigDecimal(amount), LocalDate.of(2027, 3, 1),
                LocalDate.of(2027, 5, 31), List.of("PHONEFACTOR"));
    }

    @Test
    void aSoundListHasNoProblem() {
        assertThat(appliesTo(List.of("PHONEFACTOR", "SYMANTEC_VIP", "PHONEFACTOR"))).isEmpty();
    }
}
