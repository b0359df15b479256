package io.extauth.service.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Checks every request against its handler's {@link CallerRule}, right after Spring MVC found the handler: the roles
 * before anything of the request is read, and the account a body names ({@link Callers#accountInBody()}) as the body
 * is read, both before the handler runs. A refusal is an {@code AuthorizationDeniedException}, answered by the
 * service kit's problem advice as a 403 that names the roles ({@link AccessDenials}). This replaces method security:
 * no proxy around each controller, no SpEL expression evaluated per call; a map lookup and a walk over the token's
 * authorities instead.
 */
@ControllerAdvice
public class CallerRules extends RequestBodyAdviceAdapter implements HandlerInterceptor, WebMvcConfigurer {

    private final ConcurrentHashMap<Method, CallerRule> rules = new ConcurrentHashMap<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // the asynchronous dispatch that writes an answer comes only from the container, for a request that passed
        // this check as it came; the security filter chain does not run on it (ServiceDefaults), so it has no caller:
        // nothing that runs on that dispatch (an interceptor, an advice) may read SecurityContextHolder
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            return true;
        }
        if (handler instanceof HandlerMethod method) {
            ruleOf(method.getMethod(), method.getBeanType())
                    .check(SecurityContextHolder.getContext().getAuthentication());
        }
        return true;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        Method method = parameter.getMethod();
        return method != null && NamesAccount.class.isAssignableFrom(parameter.getParameterType())
                && ruleOf(method, parameter.getContainingClass()).accountInBody();
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        Method method = parameter.getMethod();
        if (method != null && body instanceof NamesAccount named) {
            ruleOf(method, parameter.getContainingClass()).checkAccount(named.accountId());
        }
        return body;
    }

    private CallerRule ruleOf(Method method, Class<?> beanType) {
        CallerRule rule = rules.get(method);
        return rule != null ? rule : rules.computeIfAbsent(method, m -> CallerRule.of(m, beanType));
    }
}
