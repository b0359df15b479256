package io.extauth.console.factor;

import java.util.List;

/** The six PhoneFactor methods as the help page lists them; four of them ask for no PIN. */
public enum Method {
    PHONE_CALL_STANDARD("Phone call", "Answer the call and press #.", false),
    PHONE_CALL_PIN("Phone call with PIN", "Answer the call, enter your PIN, then press #.", true),
    SMS_ONE_TIME("Text message", "Reply to the text with the one-time code it contains.", false),
    SMS_ONE_TIME_PIN("Text message with PIN", "Reply with the one-time code followed by your PIN, no spaces.", true),
    APP_STANDARD("Mobile app", "Approve the sign-in in the PhoneFactor app.", false),
    APP_PIN("Mobile app with PIN", "Enter your PIN in the PhoneFactor app and approve.", true);

    private final String label;
    private final String how;
    private final boolean pin;

    Method(String label, String how, boolean pin) {
        this.label = label;
        this.how = how;
        this.pin = pin;
    }

    public String label() {
        return label;
    }

    public String how() {
        return how;
    }

    public boolean pin() {
        return pin;
    }

    public static List<Method> all() {
        return List.of(values());
    }

    /** Whether the method named {@code name} needs a PIN; an unknown name needs none. */
    public static boolean needsPin(String name) {
        return all().stream().anyMatch(method -> method.name().equals(name) && method.pin());
    }
}
