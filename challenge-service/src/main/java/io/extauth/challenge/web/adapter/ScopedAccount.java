package io.extauth.challenge.web.adapter;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The account a request about a user acts on, declared once on the handler's parameter and checked by
 * {@link ScopedAccounts} before the handler runs: the {@code accountId} query parameter, or an admin's own account
 * when it is missing. To an admin of another account the user is not there (404, whether or not it exists); with no
 * account at all the request is 400 {@code account-required}. A handler that declares it cannot forget the check.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@Parameter(name = ScopedAccount.PARAMETER, in = ParameterIn.QUERY)
public @interface ScopedAccount {

    /** The query parameter that names the account. */
    String PARAMETER = "accountId";
}
