package io.extauth.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The firewall's header-value check written out accepts exactly what Spring's expression accepts. */
class HeaderValuesTest {

    /** Spring Security 7.1's {@code StrictHttpFirewall} default for header values, verbatim. */
    private static final Pattern SPRING = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCodePointAloneAndAfterPrintableTextIsJudgedAsByTheExpression() {
        List<String> differing = new ArrayList<>();
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String alone = Character.toString(codePoint);
            for (String value : List.of(alone, "Bearer abc" + alone, alone + "xyz")) {
                if (HeaderValues.allowed(value) != SPRING.matcher(value).matches()) {
                    differing.add(Integer.toHexString(codePoint));
                }
            }
        }
        assertThat(differing).isEmpty();
    }

    @Test
    void loneAndPairedSurrogatesAndMixedRandomValuesAreJudgedAsByTheExpression() {
        Random random = new Random(14);
        char[] pool = {'a', 'Z', '0', ' ', '\t', '\n', '\r', '\u0000', '\u007f', '\u0085', '\u00e9', '\u0378',
            '\ud83d', '\ude00', '\udbff', '\udfff', '\ufffe', '\u2028', '=', '~'};
        for (int n = 0; n < 200_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                value.append(pool[random.nextInt(pool.length)]);
            }
            String text = value.toString();
            assertThat(HeaderValues.allowed(text)).as("%s", text.chars().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(SPRING.matcher(text).matches());
        }
    }

    @Test
    void theFirewallStillRefusesAControlCharacterInAHeaderValue() {
        StrictHttpFirewall firewall = HeaderValues.firewall();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/challenges/1");
        request.addHeader("Authorization", "Bearer abc\u0000def");
        request.addHeader("X-Fine", "tab\tis fine");

        var firewalled = firewall.getFirewalledRequest(request);

        assertThat(firewalled.getHeader("X-Fine")).isEqualTo("tab\tis fine");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> firewalled.getHeader("Authorization"))
                .isInstanceOf(RequestRejectedException.class);
    }
}
