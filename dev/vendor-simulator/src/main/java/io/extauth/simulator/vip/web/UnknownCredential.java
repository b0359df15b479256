package io.extauth.simulator.vip.web;

import io.extauth.simulator.Problems;
import io.extauth.simulator.vip.CredentialIds;
import org.springframework.http.HttpStatus;

/** VIP knows no credential whose ID is malformed: 422 with {@code code: CREDENTIAL_UNKNOWN}. */
public final class UnknownCredential {

    private UnknownCredential() {
    }

    public static void unlessWellFormed(String credentialId) {
        if (!CredentialIds.isWellFormed(credentialId)) {
            throw Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, "CREDENTIAL_UNKNOWN",
                    "Credential ID '" + credentialId + "' is unknown to VIP: it must match " + CredentialIds.FORMAT
                            + ", e.g. VSST12345678.");
        }
    }
}
