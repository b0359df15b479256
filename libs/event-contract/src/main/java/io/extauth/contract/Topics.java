package io.extauth.contract;

import java.util.List;

/** The topic names of the public contract; each dead-letter topic is {@code <topic>-dlt}. */
public final class Topics {

    public static final String BILLING_ORDERS = "billing.orders";
    public static final String BILLING_ORDERS_REJECTED = "billing.orders.rejected";
    public static final String AUTH_ORDERED = "auth.ordered";
    public static final String AUTH_PROVISIONED = "auth.provisioned";
    public static final String AUTH_EMAIL_SENT = "auth.email-sent";
    public static final String AUTH_ACTIVATED = "auth.activated";
    public static final String AUTH_CHALLENGE_ISSUED = "auth.challenge-issued";
    public static final String AUTH_CHALLENGE_RESULT = "auth.challenge-result";

    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    public static final List<String> ALL = List.of(BILLING_ORDERS, BILLING_ORDERS_REJECTED, AUTH_ORDERED,
            AUTH_PROVISIONED, AUTH_EMAIL_SENT, AUTH_ACTIVATED, AUTH_CHALLENGE_ISSUED, AUTH_CHALLENGE_RESULT);

    private Topics() {
    }

    public static String deadLetterOf(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
