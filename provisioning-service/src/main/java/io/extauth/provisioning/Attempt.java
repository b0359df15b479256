package io.extauth.provisioning;

import java.util.function.Supplier;

/** What came of one call to a vendor: an answer (accepted or refused for good), or no answer for now. */
public sealed interface Attempt {

    record Answered(VendorAnswer answer) implements Attempt {
    }

    /**
     * Timeout, 5xx, connection refused, or a refusal the rules wait out ({@link CredentialBoundElsewhere}): try again
     * later.
     */
    record Unavailable(String reason) implements Attempt {
    }

    static Attempt of(Supplier<VendorAnswer> call) {
        try {
            return new Answered(call.get());
        } catch (VendorUnavailableException e) {
            return new Unavailable(String.valueOf(e.getMessage()));
        }
    }
}
