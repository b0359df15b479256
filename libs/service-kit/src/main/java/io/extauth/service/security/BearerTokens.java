package io.extauth.service.security;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Finds the bearer token in the {@code Authorization} header as Spring's {@link DefaultBearerTokenResolver} does
 * with its defaults (no token in the query or a form body): {@code Bearer}, any case, one space, then the token's
 * characters ({@code A-Z a-z 0-9 - . _ ~ + /}, {@code =} padding at the end) and nothing else. Written out: the
 * default matches its regular expression character by character over the whole token (700 bytes and more for an
 * RS256 token), a fifth of the security chain's CPU per request. Anything this does not accept as a token goes to
 * the default, which refuses it as before ("Bearer token is malformed"). Pinned against the default by
 * {@code BearerTokensTest}.
 */
final class BearerTokens implements BearerTokenResolver {

    private static final String SCHEME = "Bearer ";

    private final DefaultBearerTokenResolver refusals = new DefaultBearerTokenResolver();

    @Override
    public @Nullable String resolve(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || !token(authorization, SCHEME.length())) {
            return refusals.resolve(request);
        }
        return authorization.substring(SCHEME.length());
    }

    /** Whether the text from {@code from} on is {@code [a-zA-Z0-9-._~+/]+=*}. */
    static boolean token(String text, int from) {
        int i = from;
        while (i < text.length() && tokenCharacter(text.charAt(i))) {
            i++;
        }
        if (i == from) {
            return false;
        }
        while (i < text.length() && text.charAt(i) == '=') {
            i++;
        }
        return i == text.length();
    }

    private static boolean tokenCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
