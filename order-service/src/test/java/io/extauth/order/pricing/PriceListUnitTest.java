package io.extauth.order.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.contract.AuthType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PriceListUnitTest {

    private static final PriceList PRICES = new PriceList(Map.of(AuthType.SYMANTEC_VIP, new BigDecimal("4.00"),
            AuthType.PHONEFACTOR, new BigDecimal("3")));

    private static Promo percent(String percent) {
        return new Promo("P", new BigDecimal(percent), null, LocalDate.MIN, LocalDate.MAX, Set.of(AuthType.values()));
    }

    private static Promo amount(String amount) {
        return new Promo("A", null, new BigDecimal(amount), LocalDate.MIN, LocalDate.MAX, Set.of(AuthType.values()));
    }

    @Test
    void withoutPromoTheFeeIsTheListPriceWithTwoDecimals() {
        assertThat(PRICES.monthlyFee(AuthType.SYMANTEC_VIP, null)).isEqualByComparingTo("4.00").hasScaleOf(2);
        assertThat(PRICES.monthlyFee(AuthType.PHONEFACTOR, null)).hasToString("3.00");
    }

    @Test
    void percentOffIsRoundedHalfUpToCents() {
        assertThat(PRICES.monthlyFee(AuthType.SYMANTEC_VIP, percent("10"))).hasToString("3.60");
        assertThat(PRICES.monthlyFee(AuthType.PHONEFACTOR, percent("33.33"))).hasToString("2.00");
        assertThat(PRICES.monthlyFee(AuthType.PHONEFACTOR, percent("100"))).hasToString("0.00");
    }

    @Test
    void amountOffNeverTakesTheFeeBelowZero() {
        assertThat(PRICES.monthlyFee(AuthType.SYMANTEC_VIP, amount("1.50"))).hasToString("2.50");
        assertThat(PRICES.monthlyFee(AuthType.SYMANTEC_VIP, amount("9"))).hasToString("0.00");
    }

    @Test
    void promoForAnotherTypeChangesNothing() {
        Promo vipOnly = new Promo("V", BigDecimal.TEN, null, LocalDate.MIN, LocalDate.MAX, Set.of(AuthType.SYMANTEC_VIP));
        assertThat(PRICES.monthlyFee(AuthType.PHONEFACTOR, vipOnly)).hasToString("3.00");
    }

    @Test
    void everyTypeNeedsAPrice() {
        assertThatThrownBy(() -> new PriceList(Map.of(AuthType.PHONEFACTOR, BigDecimal.ONE)))
                .hasMessageContaining("SYMANTEC_VIP");
    }

    @Test
    void promoCodesAreMatchedWithoutRegardToCaseAndBlanks() {
        assertThat(Promo.normalize(" welcome10 ")).isEqualTo("WELCOME10");
    }

    @Test
    void soundPromoDefinitionHasNoProblems() {
        assertThat(PromoRules.problems("SPRING-25", new BigDecimal("25"), null, LocalDate.of(2027, 3, 1),
                LocalDate.of(2027, 5, 31), java.util.List.of("PHONEFACTOR"))).isEmpty();
    }
}
