package io.extauth.console.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.HandlerInterceptor;

/** Every screen but the sign-in page needs a visitor; without one the browser goes to the sign-in page. */
public final class SignedIn implements HandlerInterceptor {

    public static final String SESSION_KEY = "extauth.console.visitor";

    public static @Nullable Visitor visitor(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (Visitor) session.getAttribute(SESSION_KEY);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (visitor(request) != null) {
            return true;
        }
        if (request.getHeader("HX-Request") != null) {
            // htmx follows a redirect inside the fragment; this makes it load the sign-in page whole
            response.setHeader("HX-Redirect", "/sign-in");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        } else {
            response.sendRedirect("/sign-in");
        }
        return false;
    }
}
