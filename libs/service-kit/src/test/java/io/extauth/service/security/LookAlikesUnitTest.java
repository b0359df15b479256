package io.extauth.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.SpoofChecker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link LookAlikes} keeps a short table of what reads as a letter of {@code TIMER}; Unicode's confusables, through
 * ICU (a test dependency only), say what that table must hold.
 */
class LookAlikesUnitTest {

    private static final Instant NOW = Instant.parse("2026-11-30T03:00:00Z");
    private static final String TIMER = "TIMER";

    @Test
    void noCharacterUnicodeReadsAsALetterOfTimerMakesACallersNameInItsPlace() {
        SpoofChecker confusables = new SpoofChecker.Builder().build();
        // the skeleton of each letter, in either case ("I" and "1" are "l"; "m" is "rn"), and where it stands
        Map<String, Integer> letterAt = new HashMap<>();
        for (int at = 0; at < TIMER.length(); at++) {
            String letter = TIMER.substring(at, at + 1);
            letterAt.put(confusables.getSkeleton(letter), at);
            letterAt.put(confusables.getSkeleton(letter.toLowerCase(Locale.ROOT)), at);
        }
        List<String> accepted = new ArrayList<>();
        int lookAlikes = 0;
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            if (!Character.isDefined(c) || Character.getType(c) == Character.SURROGATE) {
                continue;
            }
            Integer at = letterAt.get(confusables.getSkeleton(Character.toString(c)));
            if (at == null) {
                continue;
            }
            lookAlikes++;
            String name = TIMER.substring(0, at) + Character.toString(c) + TIMER.substring(at + 1);
            if (TokenRules.problems(NOW, name, NOW, NOW.plusSeconds(60), List.of("ADMIN"), Duration.ofHours(24),
                    Duration.ofMinutes(1)).isEmpty()) {
                accepted.add(String.format("U+%04X %s", c, name));
            }
        }

        assertThat(lookAlikes).as("look-alikes of T, I, M, E and R Unicode knows").isGreaterThan(100);
        assertThat(accepted).as("names that read as TIMER and were taken").isEmpty();
    }
}
