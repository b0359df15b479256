package io.extauth.notification.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminEmailListUnitTest {

    @Test
    void goodAddressesAreKeptTrimmedInTheOrderGiven() {
        AdminEmailList.Checked checked = AdminEmailList.check(List.of(" it-admin@example.com ",
                "security+fraud@sub.example.co.uk"));

        assertThat(checked.valid()).isTrue();
        assertThat(checked.emails()).containsExactly("it-admin@example.com", "security+fraud@sub.example.co.uk");
    }

    @Test
    void anEmptyListIsValidAndRemovesEveryAddress() {
        assertThat(AdminEmailList.check(List.of()).valid()).isTrue();
    }

    @Test
    void everyBadEntryIsNamedAtOnceAndNothingIsKept() {
        AdminEmailList.Checked checked = AdminEmailList.check(Arrays.asList("a@example.com", "jane.doe@", null,
                "A@Example.com", "no-domain@localhost", "two@@example.com"));

        assertThat(checked.emails()).isEmpty();
        assertThat(checked.problems()).extracting(p -> p.field() + " " + p.code()).containsExactly(
                "emails[1] INVALID_EMAIL", "emails[2] REQUIRED", "emails[3] DUPLICATE", "emails[4] INVALID_EMAIL",
                "emails[5] INVALID_EMAIL");
    }

    @Test
    void aMissingListAndATooLongListAreRefused() {
        assertThat(AdminEmailList.check(null).problems()).extracting(AdminEmailList.Problem::code)
                .containsExactly("REQUIRED");
        List<String> many = Collections.nCopies(AdminEmailList.MAX_ADDRESSES + 1, "x").stream()
                .map(x -> "admin" + Math.random() + "@example.com").toList();
        assertThat(AdminEmailList.check(many).problems()).extracting(AdminEmailList.Problem::code)
                .containsExactly("TOO_MANY");
    }

    @Test
    void aListFarTooLongIsOneProblemNotOneAnEntry() {
        List<String> blanks = Collections.nCopies(21_000, "");

        AdminEmailList.Checked checked = AdminEmailList.check(blanks);

        assertThat(checked.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo("TOO_MANY");
            assertThat(problem.message()).contains("21000");
        });
        assertThat(checked.emails()).isEmpty();
    }
}
