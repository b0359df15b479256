package io.extauth.simulator;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@link LocalOnly}'s rules before anything else the simulator does: a request for another host name, or a change
 * from another site or origin, is a {@code 403} problem that says why. {@code simulator.allowed-hosts} adds host names
 * beside the loopback ones (docker-compose.yml's services call it {@code simulator}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class LocalRequestGuard extends OncePerRequestFilter {

    private final Set<String> extraHosts;

    LocalRequestGuard(@Value("${simulator.allowed-hosts:}") Set<String> extraHosts) {
        this.extraHosts = Set.copyOf(extraHosts.stream().map(String::strip).filter(name -> !name.isEmpty()).toList());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> refusal = LocalOnly.refusal(request.getMethod(), request.getHeader("Host"),
                request.getHeader("Sec-Fetch-Site"), request.getHeader("Origin"), extraHosts);
        if (refusal.isPresent()) {
            // no code: the services take a 403 with one for the vendor's refusal of an order, and this refusal is
            // of the way to the simulator (a host name it does not know), to be mended and tried again
            ProblemJson.write(response, "https://extauth.io/problems/simulator-request-refused", HttpStatus.FORBIDDEN,
                    null, refusal.get());
            return;
        }
        chain.doFilter(request, response);
    }
}
