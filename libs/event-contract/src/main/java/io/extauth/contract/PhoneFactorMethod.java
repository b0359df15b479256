package io.extauth.contract;

/** The six PhoneFactor methods; three of them need a PIN. */
public enum PhoneFactorMethod {
    PHONE_CALL_STANDARD(false),
    PHONE_CALL_PIN(true),
    SMS_ONE_TIME(false),
    SMS_ONE_TIME_PIN(true),
    APP_STANDARD(false),
    APP_PIN(true);

    private final boolean needsPin;

    PhoneFactorMethod(boolean needsPin) {
        this.needsPin = needsPin;
    }

    public boolean needsPin() {
        return needsPin;
    }
}
