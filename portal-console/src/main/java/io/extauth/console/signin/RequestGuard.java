package io.extauth.console.signin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What every request to the console meets before any screen, as a filter first in the chain.
 * <ul>
 * <li><b>This machine only, while the dev sign-in is on.</b> Whoever reaches the sign-in may be any admin of any
 * account, so a request from another host is refused whatever address the console listens on, and so is one that
 * names another host ({@code Host}): a page elsewhere whose name was rebound to 127.0.0.1 (DNS rebinding) reaches the
 * loopback but names its own host. A request with a proxy's forwarding header is refused too: this machine's
 * browser sends none, and where they were taken they would rewrite both.</li>
 * <li><b>No request that changes something from another site or origin.</b> A {@code POST} whose browser says it
 * comes from elsewhere ({@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}, or else an
 * {@code Origin} other than the console's own) is refused: the session cookie is {@code SameSite=Strict}, but another
 * port of the same host is the same site.</li>
 * <li><b>Headers</b> that keep the screens out of frames (one-click buttons), their content types as declared, their
 * pages out of caches, and the console's URLs out of other sites' referrers.</li>
 * </ul>
 * Each refusal is a {@code 403} problem ({@code application/problem+json}) that says why.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestGuard extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OWN_FETCH_SITES = Set.of("same-origin", "none");
    private static final List<String> FORWARDING_HEADERS = List.of("Forwarded", "X-Forwarded-For",
            "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Real-IP");

    private final DevTokens tokens;

    RequestGuard(DevTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Cache-Control", "no-store");
        Optional<String> refusal = refusal(request, tokens.enabled());
        if (refusal.isPresent()) {
            refuse(response, refusal.get());
            return;
        }
        chain.doFilter(request, response);
    }

    /** Why the request is refused, if it is. */
    static Optional<String> refusal(HttpServletRequest request, boolean devSignIn) {
        if (devSignIn && forwarded(request)) {
            return Optional.of("The console's dev sign-in answers this machine's browser only, which sends no "
                    + "forwarding header; a request through a proxy, or one that names itself forwarded, is refused.");
        }
        if (devSignIn && !loopback(request.getRemoteAddr())) {
            return Optional.of("The console's dev sign-in lets anyone be any admin, so it answers this machine only.");
        }
        if (devSignIn && !loopbackName(request.getServerName())) {
            return Optional.of("The console answers requests for 127.0.0.1, localhost or [::1] only, not for "
                    + "another host name that leads here.");
        }
        if (!SAFE_METHODS.contains(request.getMethod().toUpperCase(Locale.ROOT)) && fromElsewhere(request)) {
            return Optional.of("A change to the console must come from the console's own pages, not from another "
                    + "site or origin.");
        }
        return Optional.empty();
    }

    /**
     * Whether the request carries a proxy's forwarding header. The console does not take them
     * ({@code server.forward-headers-strategy=none}), but where Spring Boot is told to, or finds itself on a cloud
     * platform and does by itself, they rewrite the caller's address and the host it named: a page whose name was
     * rebound to 127.0.0.1 would pass as this machine with {@code X-Forwarded-Host: 127.0.0.1}.
     */
    private static boolean forwarded(HttpServletRequest request) {
        for (String header : FORWARDING_HEADERS) {
            if (request.getHeader(header) != null) {
                return true;
            }
        }
        return false;
    }

    private static boolean fromElsewhere(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return !OWN_FETCH_SITES.contains(site.toLowerCase(Locale.ROOT));
        }
        String origin = request.getHeader("Origin");
        // no header at all: not a browser's cross-site request (a browser sends one of them with every POST)
        return origin != null && !origin.equalsIgnoreCase(ownOrigin(request));
    }

    private static String ownOrigin(HttpServletRequest request) {
        int port = request.getServerPort();
        boolean defaultPort = "http".equals(request.getScheme()) && port == 80
                || "https".equals(request.getScheme()) && port == 443;
        String host = request.getServerName();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return request.getScheme() + "://" + host + (defaultPort ? "" : ":" + port);
    }

    private static boolean loopback(@Nullable String address) {
        if (address == null) {
            return false;
        }
        try {
            // a literal address: no lookup is made
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean loopbackName(@Nullable String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.equals("localhost") || name.equals("::1") || name.equals("0:0:0:0:0:0:0:1")
                || name.matches("127(\\.\\d{1,3}){3}");
    }

    private static void refuse(HttpServletResponse response, String detail) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"https://extauth.io/problems/console-request-refused\","
                + "\"title\":\"Forbidden\",\"status\":403,\"detail\":\"" + detail + "\"}");
    }
}
