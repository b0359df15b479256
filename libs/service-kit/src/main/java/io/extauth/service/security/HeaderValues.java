package io.extauth.service.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The header values Spring's {@link StrictHttpFirewall} accepts by default — every character assigned in Unicode
 * and not a control character, tab excepted ({@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}) — checked without
 * the regular expression, whose per-character property look-ups over a bearer token were a quarter of the security
 * chain's CPU per request. Printable ASCII is accepted at once; any other character is judged by the same
 * {@link Character#getType} as the expression. Pinned against the expression for every code point by
 * {@code HeaderValuesTest}.
 */
final class HeaderValues {

    private HeaderValues() {
    }

    static boolean allowed(String value) {
        for (int i = 0; i < value.length(); ) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                i++;
                continue;
            }
            int codePoint = value.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.CONTROL && codePoint != '\t') {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /** Spring's default firewall with only the header-value check written out. */
    static StrictHttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(HeaderValues::allowed);
        return firewall;
    }
}
