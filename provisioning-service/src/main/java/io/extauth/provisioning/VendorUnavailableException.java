package io.extauth.provisioning;

/** The vendor could not answer now (5xx, timeout, connection refused): worth retrying later. */
public class VendorUnavailableException extends RuntimeException {

    public VendorUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public VendorUnavailableException(String message) {
        super(message);
    }
}
