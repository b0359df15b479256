package io.extauth.service.settings;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A link to a server outside the service (a vendor's API, the address a vendor calls back) is {@code https://}, or
 * plain {@code http://} only to this host (127.0.0.0/8, ::1, localhost, and 127.0.0.0/8 mapped into IPv6 as
 * {@code ::ffff:127.0.0.1}). Over plain text off the host anyone on the
 * path reads what the link carries (the PINs and codes of a callback, an SMS's text) and answers in the vendor's name
 * (Symantec VIP's {@code "valid":true} passes every code); the callbacks' HMAC stops forgery, not reading. The operator
 * who runs the vendor simulator on another host, or trusts the network, says so with {@value #ALLOW_PLAIN_HTTP}.
 */
public final class PlainHttpRule {

    /** The one setting that lets a service use plain HTTP off its host, for every such link it has. */
    public static final String ALLOW_PLAIN_HTTP = "extauth.vendors.allow-plain-http";

    private static final String HTTP = "http://";
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_LOOPBACK = Pattern.compile(
            "(0{1,4}:){7}0{0,3}1|(0{1,4}(:0{1,4}){0,5})?::(0{1,4}:){0,5}0{0,3}1");

    private PlainHttpRule() {
    }

    /**
     * Nothing when {@code url} may be used, else an {@link InvalidSettingException} that names {@code property} and
     * the ways out. A URL that is neither http nor https is left to the check of its own setting.
     */
    public static void require(String property, @Nullable String url, boolean plainHttpAllowed) {
        problem(url, plainHttpAllowed).ifPresent(problem -> {
            throw new InvalidSettingException(property, problem);
        });
    }

    static Optional<String> problem(@Nullable String url, boolean plainHttpAllowed) {
        if (url == null || plainHttpAllowed) {
            return Optional.empty();
        }
        String text = url.strip();
        if (!text.regionMatches(true, 0, HTTP, 0, HTTP.length())) {
            return Optional.empty();
        }
        String host = host(text.substring(HTTP.length()));
        if (loopback(host)) {
            return Optional.empty();
        }
        // the host, not the URL: a URL may carry a user and password
        return Optional.of("is plain http:// to " + host + ", not to this host (127.0.0.1, ::1, localhost): anyone on "
                + "the path can read what it carries (codes, PINs, SMS texts) and answer in the vendor's name. Give its "
                + "https:// address, or, for the vendor simulator or a network you trust, set " + ALLOW_PLAIN_HTTP
                + "=true.");
    }

    /** The host of an authority and what follows it, without brackets; placeholders such as a port's are left. */
    private static String host(String afterScheme) {
        String authority = afterScheme.split("[/?#]", 2)[0];
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostAndPort.startsWith("[")) {
            int end = hostAndPort.indexOf(']');
            return end < 0 ? hostAndPort : hostAndPort.substring(1, end);
        }
        int colon = hostAndPort.indexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    }

    /**
     * Literally this host: no name is resolved (a name that resolves to 127.0.0.1 today may not tomorrow). The local
     * stack asks the same of the address it binds to, so the two never disagree.
     */
    public static boolean loopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.equals("localhost.")) {
            return true;
        }
        boolean mapped = name.startsWith("::ffff:");
        if (mapped) {
            // an IPv4 address mapped into IPv6 (::ffff:127.0.0.1) is that IPv4 address, and nothing else is
            name = name.substring("::ffff:".length());
        }
        Matcher ipv4 = IPV4.matcher(name);
        if (ipv4.matches()) {
            for (int part = 1; part <= 4; part++) {
                if (Integer.parseInt(ipv4.group(part)) > 255) {
                    return false;
                }
            }
            return ipv4.group(1).equals("127");
        }
        return !mapped && IPV6_LOOPBACK.matcher(name).matches();
    }
}
