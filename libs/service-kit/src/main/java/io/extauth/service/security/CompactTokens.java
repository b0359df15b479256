package io.extauth.service.security;

/**
 * A JWS in its one canonical compact form (RFC 7515 section 7.1): three segments of unpadded base64url, each ending in
 * a character whose unused bits are zero. The token library's decoder is lenient: it skips characters outside the
 * alphabet and ignores padding and the unused bits, so {@code T}, {@code T==}, {@code T} with a {@code ~} inserted, and
 * the like verify as the same token. The verified-token memory is keyed by the token's text, so every such copy would
 * be remembered on its own: any valid token, even one without a role, could fill it with near-8 KiB copies of itself
 * and push every honest token out. Only this form is verified, and so remembered.
 */
final class CompactTokens {

    private CompactTokens() {
    }

    /** Whether {@code token} is a compact JWS written the one way its bytes can be written. */
    static boolean canonical(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        return second > 0 && token.indexOf('.', second + 1) < 0 && segment(token, 0, first)
                && segment(token, first + 1, second) && segment(token, second + 1, token.length());
    }

    private static boolean segment(String token, int from, int to) {
        int length = to - from;
        if (length == 0 || length % 4 == 1) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (value(token.charAt(i)) < 0) {
                return false;
            }
        }
        // the bits of the last character beyond the last whole byte: 4 of them after 2 characters, 2 after 3
        int unusedBits = length % 4 == 2 ? 4 : length % 4 == 3 ? 2 : 0;
        return (value(token.charAt(to - 1)) & ((1 << unusedBits) - 1)) == 0;
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : c == '_' ? 63 : -1;
    }
}
