package io.extauth.simulator.vip;

import java.util.regex.Pattern;

/** What a VIP credential ID looks like: four capital letters and eight digits, e.g. {@code VSST12345678}. */
public final class CredentialIds {

    public static final String FORMAT = "^[A-Z]{4}\\d{8}$";

    private static final Pattern PATTERN = Pattern.compile(FORMAT);

    private CredentialIds() {
    }

    public static boolean isWellFormed(String credentialId) {
        return PATTERN.matcher(credentialId).matches();
    }
}
