package io.extauth.challenge.web.adapter;

import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Role;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.ParameterCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Resolves every {@link ScopedAccount} parameter: the one place where a request about a user is scoped to the accounts
 * the caller may act on. A request that names the account in its body declares it on its handler instead
 * ({@code @Callers(..., accountInBody = true)}, checked by the service kit as the body is read).
 */
@Configuration(proxyBeanMethods = false)
public class ScopedAccounts implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(ScopedAccount.class) && parameter.getParameterType() == String.class;
    }

    @Override
    public String resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
            NativeWebRequest request, @Nullable WebDataBinderFactory binders) {
        return account(request.getParameter(ScopedAccount.PARAMETER));
    }

    /** In the API document the scoped account is what the caller sends: the optional accountId query parameter. */
    @Bean
    static ParameterCustomizer scopedAccountIsOptional() {
        return (parameter, method) -> method.hasParameterAnnotation(ScopedAccount.class) && parameter != null
                ? parameter.required(false) : parameter;
    }

    private static String account(@Nullable String accountId) {
        String account = accountId;
        if (account == null || account.isBlank()) {
            account = AccountAccess.callerHasRole(Role.ADMIN) ? AccountAccess.callerAccount().orElse(null) : null;
        }
        if (account == null || account.isBlank()) {
            throw Problems.problem(HttpStatus.BAD_REQUEST, "account-required",
                    "Name the account with the accountId query parameter.");
        }
        AccountAccess.requireVisibleAccount(account);
        return account;
    }
}
