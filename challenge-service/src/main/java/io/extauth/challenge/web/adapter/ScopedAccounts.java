package io.extauth.challenge.web.adapter;

import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Role;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OperationCustomizer;
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

    /**
     * What every request about a user of a scoped account may answer, in the API document of each handler that takes
     * one: the account left out by a caller that is not an admin ({@code 400 account-required}), or another account's
     * user for an admin ({@code 404 no-such-account-user}, the same whether or not the user exists).
     */
    @Bean
    static OperationCustomizer scopedAccountProblems() {
        return (operation, handler) -> {
            if (Arrays.stream(handler.getMethodParameters())
                    .anyMatch(parameter -> parameter.hasParameterAnnotation(ScopedAccount.class))) {
                ApiResponses responses = operation.getResponses() == null ? new ApiResponses()
                        : operation.getResponses();
                also(responses, "400", "`account-required`: a caller that is not an admin left out `?accountId=`");
                also(responses, "404", "`no-such-account-user`: another account's user, for an admin of one account "
                        + "(whether or not the user exists)");
                operation.setResponses(responses);
            }
            return operation;
        };
    }

    private static void also(ApiResponses responses, String status, String words) {
        ApiResponse declared = responses.get(status);
        if (declared == null) {
            responses.addApiResponse(status, new ApiResponse().description(words));
        } else if (declared.getDescription() == null || !declared.getDescription().contains(words)) {
            declared.setDescription(declared.getDescription() == null ? words
                    : declared.getDescription() + "; " + words);
        }
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
