package io.extauth.simulator;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The rules a development tool on this machine's loopback applies to every request, as the portal console's
 * {@code RequestGuard} does: the vendor simulator and the local stack's mail API hand out every code and mail, answer
 * calls and reset themselves, and any web page the developer opens can send requests to 127.0.0.1.
 * <ul>
 * <li><b>The request names a loopback host</b> ({@code Host}: 127.0.0.0/8, {@code localhost}, {@code [::1]}, or one
 * named in {@code extraHosts}, as {@code simulator} in docker-compose.yml): a page whose name was rebound to
 * 127.0.0.1 (DNS rebinding) reaches the loopback but names its own host, so it can neither read the calls nor answer
 * them.</li>
 * <li><b>No change from another site or origin.</b> A request other than GET, HEAD or OPTIONS whose browser says it
 * comes from elsewhere ({@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}, or else an
 * {@code Origin} other than the tool's own) is refused: {@code fetch(…, {method: 'POST', mode: 'no-cors'})} from any
 * page reset the simulator. A request with neither header is no browser's cross-site request (a browser sends one of
 * them with every such request): the services, the bench, the chaos tool and the tests send neither and are let
 * through.</li>
 * </ul>
 */
public final class LocalOnly {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OWN_FETCH_SITES = Set.of("same-origin", "none");

    private LocalOnly() {
    }

    /** Why the request is refused, if it is; {@code host} is the {@code Host} header as sent. */
    public static Optional<String> refusal(String method, @Nullable String host, @Nullable String fetchSite,
            @Nullable String origin, Set<String> extraHosts) {
        if (host == null || !allowedName(hostName(host), extraHosts)) {
            return Optional.of("This development tool answers requests for 127.0.0.1, localhost or [::1] only, not "
                    + "for another host name that leads here.");
        }
        if (!SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT)) && fromElsewhere(host, fetchSite, origin)) {
            return Optional.of("A change to this development tool may not come from another site or origin.");
        }
        return Optional.empty();
    }

    private static boolean fromElsewhere(String host, @Nullable String fetchSite, @Nullable String origin) {
        if (fetchSite != null) {
            return !OWN_FETCH_SITES.contains(fetchSite.toLowerCase(Locale.ROOT));
        }
        // no header at all: not a browser's cross-site request
        return origin != null && !origin.equalsIgnoreCase("http://" + host) && !origin.equalsIgnoreCase("https://" + host);
    }

    /** The name of a {@code Host} header: {@code [::1]:8089} → {@code ::1}, {@code localhost:8089} → {@code localhost}. */
    static String hostName(String host) {
        String value = host.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end > 0 ? value.substring(1, end) : value;
        }
        int colon = value.indexOf(':');
        return colon >= 0 ? value.substring(0, colon) : value;
    }

    private static boolean allowedName(String name, Set<String> extraHosts) {
        return name.equals("localhost") || name.equals("::1") || name.equals("0:0:0:0:0:0:0:1")
                || name.matches("127(\\.\\d{1,3}){3}")
                || extraHosts.stream().anyMatch(extra -> extra.equalsIgnoreCase(name));
    }
}
