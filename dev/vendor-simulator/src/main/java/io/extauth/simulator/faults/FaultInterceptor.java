package io.extauth.simulator.faults;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

class FaultInterceptor implements HandlerInterceptor {

    private final FaultInjector injector;

    FaultInterceptor(FaultInjector injector) {
        this.injector = injector;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws InterruptedException {
        if (handler instanceof HandlerMethod method && method.hasMethodAnnotation(FaultInjected.class)) {
            injector.apply();
        }
        return true;
    }
}
