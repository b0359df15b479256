package io.extauth.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.TestJwt;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The bearer token found as Spring's default resolver finds it, or refused as it refuses it, for any header. */
class BearerTokensTest {

    private final BearerTokens tokens = new BearerTokens();
    private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();

    @Test
    void aRealTokenIsFoundAsSpringFindsIt() {
        String token = TestJwt.vpn();

        assertThat(outcome(tokens, "Bearer " + token)).isEqualTo(token).isEqualTo(outcome(spring, "Bearer " + token));
        assertThat(outcome(tokens, "bEARER " + token)).isEqualTo(outcome(spring, "bEARER " + token));
    }

    @Test
    void headersAroundTheEdgesAreAnsweredAsSpringAnswersThem() {
        List<String> headers = new ArrayList<>(List.of("", "Bearer", "Bearer ", "Bearer  abc", "Bearer\tabc",
                "Bearerabc", "Bearer abc ", " Bearer abc", "Bearer abc=", "Bearer abc==", "Bearer =abc", "Bearer a=b",
                "Bearer ===", "Bearer a-._~+/Z09", "Bearer abc\n", "Bearer abc\r\n", "Basic dXNlcjpwYXNz",
                "bearer abc", "BEARER abc", "Bearer abc,def", "Bearer abc%20"));
        assertThat(headers).allSatisfy(header -> assertThat(outcome(tokens, header)).as(header)
                .isEqualTo(outcome(spring, header)));
        assertThat(outcome(tokens, null)).isEqualTo(outcome(spring, null)).isEqualTo("null");
    }

    @Test
    void everyCharacterInTheSchemeAndInTheTokenIsAnsweredAsSpringAnswersIt() {
        List<String> differing = new ArrayList<>();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            List<String> headers = new ArrayList<>();
            for (int position = 0; position < 7; position++) {
                headers.add("Bearer ".substring(0, position) + c + "Bearer ".substring(position + 1) + "abc");
            }
            headers.add("Bearer " + c);
            headers.add("Bearer abc" + c);
            headers.add("Bearer abc=" + c);
            headers.add("Bearer " + c + "abc");
            for (String header : headers) {
                if (!outcome(tokens, header).equals(outcome(spring, header))) {
                    differing.add(header);
                }
            }
        }
        assertThat(differing).isEmpty();
    }

    @Test
    void randomHeadersAreAnsweredAsSpringAnswersThem() {
        Random random = new Random(14);
        String pool = "Bbearer =aZ09-._~+/\t,%\u00e9\u212a";
        for (int n = 0; n < 100_000; n++) {
            StringBuilder header = new StringBuilder(random.nextBoolean() ? "Bearer " : "");
            int length = random.nextInt(10);
            for (int i = 0; i < length; i++) {
                header.append(pool.charAt(random.nextInt(pool.length())));
            }
            String text = header.toString();
            assertThat(outcome(tokens, text)).as(text).isEqualTo(outcome(spring, text));
        }
    }

    /** The token, "null", or the refusal's error code and description. */
    private static String outcome(org.springframework.security.oauth2.server.resource.web.BearerTokenResolver resolver,
            String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/challenges");
        if (header != null) {
            request.addHeader("Authorization", header);
        }
        try {
            return String.valueOf(resolver.resolve(request));
        } catch (OAuth2AuthenticationException e) {
            return "refused: " + e.getError().getErrorCode() + " " + e.getError().getDescription();
        }
    }
}
