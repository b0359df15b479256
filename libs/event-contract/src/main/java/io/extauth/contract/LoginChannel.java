package io.extauth.contract;

/** Where a login is challenged: portal and VPN logins are separate challenges. */
public enum LoginChannel {
    PORTAL,
    VPN
}
