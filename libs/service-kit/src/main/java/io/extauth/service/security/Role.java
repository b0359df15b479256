package io.extauth.service.security;

/**
 * The callers of extauth, as the {@code roles} claim of their bearer token names them: what a handler's
 * {@link Callers} lists and the filter chain's path rules name.
 */
public enum Role {

    /** The customer portal, acting for signed-in users of any account. */
    PORTAL,
    /** A VPN gateway: creates and answers VPN login challenges and reads their results, nothing else. */
    VPN,
    /** An account admin; acts only on users of the account in the token's {@code accountId} claim. */
    ADMIN,
    /** An upstream billing system. */
    BILLING,
    /** An operator: reads across accounts, audits, unlocks. */
    OPERATOR;

    private final String authority = "ROLE_" + name();

    /** The granted authority a token with this role carries ({@code ROLE_PORTAL} …). */
    public String authority() {
        return authority;
    }
}
