package io.extauth.contract;

/** The two vendors of external authentication. */
public enum AuthType {
    SYMANTEC_VIP,
    PHONEFACTOR
}
