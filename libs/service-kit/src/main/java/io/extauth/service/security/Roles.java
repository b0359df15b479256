package io.extauth.service.security;

/** The callers of extauth, as the {@code roles} claim of their bearer token names them. */
public final class Roles {

    /** The customer portal, acting for signed-in users of any account. */
    public static final String PORTAL = "PORTAL";
    /** A VPN gateway: creates and answers VPN login challenges and reads their results, nothing else. */
    public static final String VPN = "VPN";
    /** An account admin; acts only on users of the account in the token's {@code accountId} claim. */
    public static final String ADMIN = "ADMIN";
    /** An upstream billing system. */
    public static final String BILLING = "BILLING";
    /** An operator: reads across accounts, audits, unlocks. */
    public static final String OPERATOR = "OPERATOR";

    private Roles() {
    }
}
