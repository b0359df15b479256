package io.extauth.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenRulesUnitTest {

    private static final Instant NOW = Instant.parse("2026-11-30T03:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration SKEW = Duration.ofSeconds(60);

    @Test
    void aTokenOfADayWithAListOfRolesHasNoProblem() {
        assertThat(TokenRules.problems(NOW, "user-1", NOW, NOW.plus(DAY), List.of("PORTAL"), DAY, SKEW)).isEmpty();
    }

    @Test
    void aTokenIssuedLongAgoForLongIsRefusedEvenWhenItsExpIsNear() {
        Instant issued = NOW.minus(Duration.ofDays(3650));

        assertThat(TokenRules.problems(NOW, "user-1", issued, NOW.plusSeconds(60), List.of("PORTAL"), DAY, SKEW))
                .singleElement().asString().contains("(exp - iat)");
    }

    @Test
    void anExpTooFarAwayIsRefusedWhateverTheIatSays() {
        assertThat(TokenRules.problems(NOW, "user-1", NOW.plus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(30)).plusSeconds(1),
                List.of("PORTAL"), DAY, SKEW)).singleElement().asString().contains("from now");
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertThat(TokenRules.problems(NOW, "user-1", NOW, null, "PORTAL", DAY, SKEW))
                .anySatisfy(p -> assertThat(p).contains("no exp claim"))
                .anySatisfy(p -> assertThat(p).contains("roles claim must be a JSON list"));
    }

    @Test
    void aTokenMustNameItsCallerAndNotAsTheTimer() {
        for (Object nobody : new Object[] {null, "", "  ", 42}) {
            assertThat(TokenRules.problems(NOW, nobody, NOW, NOW.plusSeconds(60), List.of("ADMIN"), DAY, SKEW))
                    .as("sub %s", nobody).singleElement().asString().contains("no sub claim");
        }
        for (String timer : List.of("TIMER", "timer", " TIMER ")) {
            assertThat(TokenRules.problems(NOW, timer, NOW, NOW.plusSeconds(60), List.of("ADMIN"), DAY, SKEW))
                    .as("sub %s", timer).singleElement().asString().contains("lockout's timer");
        }
        assertThat(TokenRules.problems(NOW, "timer-team-admin", NOW, NOW.plusSeconds(60), List.of("ADMIN"), DAY, SKEW))
                .isEmpty();
    }

    @Test
    void aCallersNameIsOneLineOfAtMost255PrintableCharacters() {
        for (String hostile : List.of("admin\r\nChanged by: the security team", "admin\u0000", "admin\u202Egnp.exe",
                "admin\u2028", "a".repeat(256), "admin\uD800", "admin\u00A0x", "admin\u3000")) {
            assertThat(TokenRules.problems(NOW, hostile, NOW, NOW.plusSeconds(60), List.of("ADMIN"), DAY, SKEW))
                    .as("sub %s", hostile.length() > 20 ? hostile.substring(0, 20) : hostile).singleElement()
                    .asString().contains("sub claim must be at most 255 characters");
        }
        for (String fine : List.of("a".repeat(255), "admin-1234", "jane.doe@example.com", "Zoë Ångström",
                "auth0|5f7c8ec7c33c6c004bbafe82", "管理者")) {
            assertThat(TokenRules.problems(NOW, fine, NOW, NOW.plusSeconds(60), List.of("ADMIN"), DAY, SKEW))
                    .as("sub %s", fine).isEmpty();
        }
    }

    @Test
    void noSpellingThatReadsAsTheTimerIsACallersName() {
        // look-alikes from Cyrillic, Greek, Cherokee and Lisu; compatibility forms (fullwidth, mathematical, a Roman
        // numeral); Latin small capitals and accents; digits and signs; characters shown as nothing after it
        for (String timer : List.of("TIM\u0415R", "TIM\u0395R", "TIM\u13ACR", "TIME\uA4E3",
                "\uA4D4\uA4F2\uA4DF\uA4F0\uA4E3", "\u0422\u0406\u041C\u0415\uD835\uDDB1",
                "\uD835\uDC13\uD835\uDC08\uD835\uDC0C\uD835\uDC04\uD835\uDC11", "\uFF34\uFF29\uFF2D\uFF25\uFF32",
                "T\u2160MER", "TIME\u0280", "TIME\u211B", "T\u00CFMER", "t\u00EDmer", "T1MER", "TlMER",
                "\u0442\u0456\u043C\u0435\u0433", "TIMER\u034F", "TIMER\uFE0F", "TIM\uFE00ER", "TIMER\u3164",
                "TIMER\u115F", "TIMER\uFFA0", "TIMER\u17B4", "TIMER\u180B", "TIMER\uDB40\uDD00", "TIMER\u2800",
                "TIMER\uD834\uDD59", "tirner", "TIrnER", "T\uFE31MER")) {
            assertThat(TokenRules.problems(NOW, timer, NOW, NOW.plusSeconds(60), List.of("ADMIN"), DAY, SKEW))
                    .as("sub %s", timer).singleElement().asString().contains("lockout's timer");
        }
        for (String fine : List.of("TIMERS", "TIME", "timer-team-admin", "Tamer", "TIM ER")) {
            assertThat(TokenRules.problems(NOW, fine, NOW, NOW.plusSeconds(60), List.of("ADMIN"), DAY, SKEW))
                    .as("sub %s", fine).isEmpty();
        }
    }

    @Test
    void aCallersNameShowsEveryCharacterItHas() {
        for (String invisible : List.of("\u3164", "admin\u034F", "adm\uFE0Fin", "admin\u115F", "admin\uFFA0",
                "admin\u17B4", "admin\u180B", "admin\uDB40\uDD00")) {
            assertThat(TokenRules.problems(NOW, invisible, NOW, NOW.plusSeconds(60), List.of("ADMIN"), DAY, SKEW))
                    .as("sub %s", invisible).singleElement().asString()
                    .contains("sub claim must be at most 255 characters");
        }
    }

    @Test
    void aCallersNameMixesNoScriptsInOneWordButLatinWithChineseJapaneseOrKorean() {
        // Cyrillic а, Greek ο, Armenian օ, Cherokee Ꭼ in a Latin word; Cyrillic with Greek; Thai with Latin
        for (String mixed : List.of("j\u0430ne.doe@example.com", "admin-j\u03BFhn", "j\u0585hn", "j\u13ACff",
                "\u0430\u03B1", "\u0E2A\u0E21Somchai")) {
            assertThat(TokenRules.problems(NOW, mixed, NOW, NOW.plusSeconds(60), List.of("ADMIN"), DAY, SKEW))
                    .as("sub %s", mixed).singleElement().asString().contains("mixes scripts in one word");
        }
        // each word in one script; Latin with Han and kana, with Hangul; a Latin letter with a combining mark;
        // digits and signs
        for (String fine : List.of("\u0438\u0432\u0430\u043D@example.com", "\u0418\u0432\u0430\u043D Petrov",
                "\u03A3\u03C9\u03BA\u03C1\u03AC\u03C4\u03B7\u03C2", "\u7BA1\u7406\u8005\u3055\u3093",
                "\u7530\u4E2DTaro", "\uAE40Kim", "Zoe\u0308", "\u00B5-admin", "auth0|5f7c8ec7c33c6c004bbafe82")) {
            assertThat(TokenRules.problems(NOW, fine, NOW, NOW.plusSeconds(60), List.of("ADMIN"), DAY, SKEW))
                    .as("sub %s", fine).isEmpty();
        }
    }

    @Test
    void rolesMustBeStringsAndMustBeThere() {
        assertThat(TokenRules.problems(NOW, "user-1", NOW, NOW.plusSeconds(60), List.of(1, 2), DAY, SKEW)).hasSize(1);
        assertThat(TokenRules.problems(NOW, "user-1", NOW, NOW.plusSeconds(60), null, DAY, SKEW)).hasSize(1);
        assertThat(TokenRules.problems(NOW, "user-1", NOW, NOW.plusSeconds(60), List.of(), DAY, SKEW)).isEmpty();
    }

    @Test
    void anAdminNamesItsAccountAndNoOtherRoleMust() {
        assertThat(TokenRules.adminProblems(List.of("ADMIN"), null)).singleElement().asString().contains("accountId");
        assertThat(TokenRules.adminProblems(List.of("OPERATOR", "ADMIN"), "")).hasSize(1);
        assertThat(TokenRules.adminProblems(List.of("ADMIN"), 1234)).as("read as the account \"1234\"").isEmpty();
        assertThat(TokenRules.adminProblems(List.of("ADMIN"), List.of("1234"))).as("not an account's name").hasSize(1);
        assertThat(TokenRules.adminProblems(List.of("ADMIN"), "1234")).isEmpty();
        assertThat(TokenRules.adminProblems(List.of("VPN"), null)).isEmpty();
        assertThat(TokenRules.adminProblems("ADMIN", null)).as("roles not a list: the roles rule's").isEmpty();
    }
}
