package io.extauth.order.intake;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.ShownText;
import io.extauth.contract.events.OrderRejected.Reason;
import io.extauth.order.pricing.Promo;
import io.extauth.order.status.OrderStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one validator of both doors. It reports every problem of an order at once, each with the field, a stable code
 * and a message that says how to fix it; an empty list means the order is accepted.
 */
public final class OrderValidator {

    public static final String REQUIRED = "REQUIRED";
    public static final String INVALID_FORMAT = "INVALID_FORMAT";
    public static final String TOO_LONG = "TOO_LONG";
    public static final String INVALID_VALUE = "INVALID_VALUE";
    public static final String NOT_ALLOWED = "NOT_ALLOWED";
    public static final String MSA_NOT_ACKNOWLEDGED = "MSA_NOT_ACKNOWLEDGED";
    public static final String PROMO_UNKNOWN = "PROMO_UNKNOWN";
    public static final String PROMO_NOT_YET_VALID = "PROMO_NOT_YET_VALID";
    public static final String PROMO_EXPIRED = "PROMO_EXPIRED";
    public static final String PROMO_NOT_APPLICABLE = "PROMO_NOT_APPLICABLE";
    public static final String ALREADY_LIVE = "ALREADY_LIVE";
    /** Symantec VIP: the credential is on a live order of another user, of this account or any other. */
    public static final String CREDENTIAL_IN_USE = "CREDENTIAL_IN_USE";
    /** Billing: the orderId is taken by an earlier order with another account, user, type, credential or address. */
    public static final String ORDER_ID_REUSED = "ORDER_ID_REUSED";

    static final int MAX_ID = 64;
    static final int MAX_EMAIL = 254;
    static final int MAX_ORDERED_BY = 128;
    static final int MAX_PROMO_CODE = 64;
    /**
     * Characters of a value a rejected order keeps, at most: 1,536 bytes in UTF-8, so that any index of the orders
     * takes it (the account's index holds the account id and two more columns).
     */
    static final int MAX_KEPT = 512;
    /**
     * Ids of letters, digits and {@code . _ -} (an order's also {@code :}), but not dots alone: {@code .} and {@code ..}
     * as a path segment are refused by the services' firewall or resolved away by the server, so a user or account so
     * named could be ordered and provisioned, then never activated, deactivated or read, its order live for good.
     */
    private static final Pattern ID = Pattern.compile("^(?!\\.+$)[A-Za-z0-9._-]{1,64}$");
    private static final Pattern ORDER_ID = Pattern.compile("^(?!\\.+$)[A-Za-z0-9._:-]{1,64}$");
    private static final Pattern CREDENTIAL_ID = Pattern.compile("^[A-Z]{4}\\d{8}$");
    // The HTML living standard's "valid e-mail address": what a person can type and a mail server will take.
    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+"
            + "@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    private OrderValidator() {
    }

    /** Whether a billing system's order id can key the order (and so make a repeat of it a no-op). */
    public static boolean isUsableOrderId(@Nullable String orderId) {
        return orderId != null && ORDER_ID.matcher(orderId).matches();
    }

    /** Whether an account or user id is well-formed, and so worth looking up. */
    public static boolean isUsableId(@Nullable String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Whether a Symantec credential id is well-formed, and so worth looking up. */
    public static boolean isUsableCredentialId(@Nullable String credentialId) {
        return credentialId != null && CREDENTIAL_ID.matcher(credentialId).matches();
    }

    /** Whether an e-mail address is well-formed (and not too long): one address, nothing around it. */
    public static boolean isUsableEmail(@Nullable String email) {
        return email != null && email.length() <= MAX_EMAIL && EMAIL.matcher(email).matches();
    }

    /** Whether a promo code can be looked up: not too long, no control characters. */
    public static boolean isUsablePromoCode(@Nullable String code) {
        return code != null && code.length() <= MAX_PROMO_CODE && !hasControlCharacter(code);
    }

    /**
     * The form as it can be kept with its rejection: a NUL, which PostgreSQL refuses in text (and in JSON), becomes
     * U+FFFD, so a rejected order is stored and answered instead of failing again on every retry.
     */
    public static OrderForm storable(OrderForm form) {
        return new OrderForm(form.channel(), storable(form.orderId()), storable(form.accountId()),
                storable(form.userId()), storable(form.email()), storable(form.type()), storable(form.credentialId()),
                storable(form.promoCode()), form.msaAcknowledged(), storable(form.orderedBy()));
    }

    /**
     * The text as a rejected order keeps and echoes it: no NUL (no PostgreSQL text takes one) nor any other control
     * character (an escape sequence echoed on the topic and in its answers would drive an operator's terminal), and
     * at most {@link #MAX_KEPT} characters. A refused value of thousands of characters failed the order's index write
     * (PostgreSQL indexes at most 2,704 bytes a row) and, retried, held the consumer's partitions ~35 s before a dead
     * letter instead of its {@code OrderRejected}.
     */
    public static @Nullable String storable(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String kept = withoutControlCharacters(text);
        if (kept.length() <= MAX_KEPT) {
            return kept;
        }
        return kept.substring(0, Character.isHighSurrogate(kept.charAt(MAX_KEPT - 1)) ? MAX_KEPT - 1 : MAX_KEPT);
    }

    /**
     * Every control character (a NUL, an escape, a line break), line or paragraph separator and format character (a
     * bidirectional override) as U+FFFD ({@link ShownText#isControlOrFormat}): none reaches a store, a log line or
     * a terminal, nor makes a rejected id read as another where it is shown. Angle brackets are kept: the rejection's
     * ids are those the billing system sent, which it finds its answer by, and a JSON answer is data that a page
     * escapes (the console does).
     */
    private static String withoutControlCharacters(String text) {
        if (text.codePoints().noneMatch(ShownText::isControlOrFormat)) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().forEach(c -> kept.appendCodePoint(ShownText.isControlOrFormat(c) ? '\uFFFD' : c));
        return kept.toString();
    }

    public static Optional<AuthType> typeOf(@Nullable String type) {
        return Arrays.stream(AuthType.values()).filter(t -> t.name().equals(type)).findFirst();
    }

    public static List<Reason> validate(OrderForm form, IntakeFacts facts) {
        List<Reason> reasons = new ArrayList<>();
        if (form.channel() == OrderChannel.BILLING) {
            orderId(form.orderId(), reasons);
        }
        id("accountId", form.accountId(), reasons);
        id("userId", form.userId(), reasons);
        email(form.email(), reasons);
        Optional<AuthType> type = type(form.type(), reasons);
        credentialId(form.credentialId(), type.orElse(null), facts, reasons);
        if (!Boolean.TRUE.equals(form.msaAcknowledged())) {
            reasons.add(new Reason("msaAcknowledged", MSA_NOT_ACKNOWLEDGED,
                    "The Master Services Agreement must be acknowledged: set msaAcknowledged to true"));
        }
        if (form.hasPromoCode()) {
            promo(form.promoCode(), type.orElse(null), form.channel(), facts, reasons);
        }
        if (form.channel() == OrderChannel.BILLING) {
            // over HTTP it is the caller's token subject, vetted with the token (TokenRules: 255 characters, no
            // control, format or separator character), which every service records as the caller's name: a caller
            // whose sub is longer than billing's 128 or holds a '<' was refused every order it placed
            orderedBy(form.orderedBy(), reasons);
        }
        if (facts.liveOrder() != null) {
            reasons.add(new Reason("userId", ALREADY_LIVE, "User " + form.userId() + " of account "
                    + form.accountId() + " already has a live external authentication (order "
                    + facts.liveOrder().orderId() + ", " + facts.liveOrder().status() + "); "
                    + remedy(facts.liveOrder().status())));
        }
        return List.copyOf(reasons);
    }

    /**
     * What ends the live order, so a new one can follow: an order not provisioned yet is cancelled; a provisioned one
     * is deactivated, and order-service learns of the deactivation a moment later.
     */
    static String remedy(OrderStatus live) {
        return live == OrderStatus.ACCEPTED
                ? "cancel it (POST /api/orders/{orderId}/cancel) before ordering a new one, or wait for its provisioning"
                : "deactivate it before ordering a new one (if it was deactivated just now, try again in a few seconds)";
    }

    /**
     * Who ordered, as a billing system names it, is shown to people (the audit's "by …"): a name, never markup or
     * control characters. A portal order's is its caller's token subject, vetted with the token, which may hold
     * {@code <} and {@code >} as every caller's name in an event may: nothing shows a portal order's; whatever comes
     * to show it (or any caller's name) escapes it.
     */
    private static void orderedBy(@Nullable String orderedBy, List<Reason> reasons) {
        if (orderedBy == null) {
            return;
        }
        if (orderedBy.length() > MAX_ORDERED_BY) {
            reasons.add(new Reason("orderedBy", TOO_LONG, "orderedBy has at most " + MAX_ORDERED_BY + " characters"));
        } else if (hasControlCharacter(orderedBy) || orderedBy.indexOf('<') >= 0 || orderedBy.indexOf('>') >= 0) {
            reasons.add(new Reason("orderedBy", INVALID_FORMAT,
                    "orderedBy names who ordered: no control characters, '<' or '>'"));
        }
    }

    private static void orderId(@Nullable String orderId, List<Reason> reasons) {
        if (isBlank(orderId)) {
            reasons.add(new Reason("orderId", REQUIRED, "orderId is required: the billing system's id of the order"));
        } else if (!ORDER_ID.matcher(orderId).matches()) {
            reasons.add(new Reason("orderId", INVALID_FORMAT,
                    "orderId has 1 to 64 letters, digits, '.', '_', ':' or '-'"));
        }
    }

    private static void id(String field, @Nullable String value, List<Reason> reasons) {
        if (isBlank(value)) {
            reasons.add(new Reason(field, REQUIRED, field + " is required"));
        } else if (value.length() > MAX_ID) {
            reasons.add(new Reason(field, TOO_LONG, field + " has at most " + MAX_ID + " characters"));
        } else if (!ID.matcher(value).matches()) {
            reasons.add(new Reason(field, INVALID_FORMAT, field + " may only contain letters, digits, '.', '_' and '-'"));
        }
    }

    private static void email(@Nullable String email, List<Reason> reasons) {
        if (isBlank(email)) {
            reasons.add(new Reason("email", REQUIRED, "email is required: the provisioning e-mail goes there"));
        } else if (email.length() > MAX_EMAIL) {
            reasons.add(new Reason("email", TOO_LONG, "email has at most " + MAX_EMAIL + " characters"));
        } else if (!EMAIL.matcher(email).matches()) {
            reasons.add(new Reason("email", INVALID_FORMAT, "email is not a well-formed address such as "
                    + "jane@example.com"));
        }
    }

    private static Optional<AuthType> type(@Nullable String value, List<Reason> reasons) {
        if (isBlank(value)) {
            reasons.add(new Reason("type", REQUIRED, "type is required: one of " + List.of(AuthType.values())));
            return Optional.empty();
        }
        Optional<AuthType> type = typeOf(value);
        if (type.isEmpty()) {
            reasons.add(new Reason("type", INVALID_VALUE, "type must be one of " + List.of(AuthType.values())));
        }
        return type;
    }

    private static void credentialId(@Nullable String credentialId, @Nullable AuthType type, IntakeFacts facts,
            List<Reason> reasons) {
        boolean given = !isBlank(credentialId);
        if (type == AuthType.PHONEFACTOR) {
            if (given) {
                reasons.add(new Reason("credentialId", NOT_ALLOWED,
                        "credentialId belongs to Symantec VIP; leave it out for PHONEFACTOR"));
            }
            return;
        }
        if (!given) {
            if (type == AuthType.SYMANTEC_VIP) {
                reasons.add(new Reason("credentialId", REQUIRED,
                        "credentialId is required for SYMANTEC_VIP: the id printed on the credential"));
            }
        } else if (!CREDENTIAL_ID.matcher(credentialId).matches()) {
            reasons.add(new Reason("credentialId", INVALID_FORMAT,
                    "credentialId is four capital letters and eight digits, such as VSST12345678"));
        } else if (type == AuthType.SYMANTEC_VIP && facts.credentialInUse()) {
            // VIP binds a credential to one user: a second live order of it has the two provisionings race for the
            // token. Whose order holds it is another account's business, so the message names neither account nor user
            reasons.add(new Reason("credentialId", CREDENTIAL_IN_USE, "Credential " + credentialId
                    + " is on another user's live order: that order must be ended first (cancelled, or deactivated;"
                    + " after a deactivation just now, try again in a few seconds), or check the serial printed on"
                    + " the credential"));
        }
    }

    private static void promo(String code, @Nullable AuthType type, OrderChannel channel, IntakeFacts facts,
            List<Reason> reasons) {
        if (!isUsablePromoCode(code)) {
            reasons.add(new Reason("promoCode", INVALID_FORMAT, "promoCode has at most " + MAX_PROMO_CODE
                    + " characters and no control characters"));
            return;
        }
        Promo promo = facts.promo();
        String shown = Promo.normalize(code);
        // a promo not begun yet is an unknown code to the portal's callers: any account's admin could otherwise try
        // codes with an order bound to fail (nothing kept) and learn the unannounced campaigns and when they start.
        // A billing system, which publishes the orders it bills, is told
        if (promo != null && channel == OrderChannel.PORTAL && facts.today().isBefore(promo.validFrom())) {
            promo = null;
        }
        if (promo == null) {
            reasons.add(new Reason("promoCode", PROMO_UNKNOWN, "There is no promo code " + shown
                    + "; check the spelling or leave it out"));
            return;
        }
        if (facts.today().isBefore(promo.validFrom())) {
            reasons.add(new Reason("promoCode", PROMO_NOT_YET_VALID, "Promo code " + shown + " is valid from "
                    + promo.validFrom()));
        } else if (facts.today().isAfter(promo.validUntil())) {
            reasons.add(new Reason("promoCode", PROMO_EXPIRED, "Promo code " + shown + " expired on "
                    + promo.validUntil()));
        }
        if (type != null && !promo.appliesTo(type)) {
            reasons.add(new Reason("promoCode", PROMO_NOT_APPLICABLE, "Promo code " + shown + " applies only to "
                    + promo.appliesTo().stream().sorted().toList()));
        }
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
