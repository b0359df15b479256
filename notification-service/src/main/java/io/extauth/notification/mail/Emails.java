package io.extauth.notification.mail;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.FactorChange;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.FactorSettingsChanged;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.Provisioned;
import io.extauth.notification.contact.Contact;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Which e-mail each event calls for, to whom, and with what in it. */
public final class Emails {

    private Emails() {
    }

    /** A number as the contract masks it ({@code +1 ***-***-1234}); anything else an event says is left out. */
    private static final Pattern MASKED_PHONE = Pattern.compile(
            "\\+[0-9]{1,3} \\*\\*\\*-\\*\\*\\*-[0-9]{0,4}");

    private static final DateTimeFormatter LOCK_END = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter REPORTED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /**
     * Whether the event calls for an e-mail: provisioning done, factor activated, settings changed, user locked out (to
     * the user), fraud reported (to the account's admins).
     */
    public static boolean callsForMail(ExtauthEvent event) {
        return event instanceof Provisioned || event instanceof Activated || event instanceof FraudReported
                || event instanceof FactorSettingsChanged
                || event instanceof ChallengeResult result && result.outcome() == ChallengeOutcome.LOCKED_OUT;
    }

    /** Whether the event's e-mails go to the account's admins (one each) rather than to the user's contact. */
    public static boolean toAccountAdmins(ExtauthEvent event) {
        return event instanceof FraudReported;
    }

    /** The template of the e-mail the event calls for (see {@link #callsForMail}). */
    public static MailTemplate templateFor(ExtauthEvent event) {
        if (event instanceof Provisioned provisioned) {
            return provisioned.type() == AuthType.PHONEFACTOR ? MailTemplate.PROVISIONED_PHONEFACTOR
                    : MailTemplate.PROVISIONED_SYMANTEC_VIP;
        }
        if (event instanceof Activated) {
            return MailTemplate.ACTIVATED;
        }
        if (event instanceof ChallengeResult result && result.outcome() == ChallengeOutcome.LOCKED_OUT) {
            return MailTemplate.LOCKOUT;
        }
        if (event instanceof FraudReported) {
            return MailTemplate.FRAUD_REPORTED;
        }
        if (event instanceof FactorSettingsChanged) {
            return MailTemplate.FACTOR_SETTINGS_CHANGED;
        }
        throw new IllegalArgumentException(event.eventType() + " calls for no e-mail");
    }

    /**
     * The order whose contact the e-mail goes to; empty means the user's latest order that was not cancelled, for
     * events written before they named their order. An e-mail with its order waits for that order's contact: the
     * user's latest one seen so far may be an earlier order's, whose address the notice must not go to.
     */
    public static Optional<String> orderOf(ExtauthEvent event) {
        if (event instanceof Provisioned provisioned) {
            return Optional.of(provisioned.orderId());
        }
        if (event instanceof Activated activated) {
            return Optional.ofNullable(activated.orderId());
        }
        if (event instanceof FactorSettingsChanged changed) {
            return Optional.ofNullable(changed.orderId());
        }
        return event instanceof ChallengeResult result ? Optional.ofNullable(result.orderId()) : Optional.empty();
    }

    /**
     * Why the e-mail the event calls for is withdrawn rather than sent, if it is: the provisioning e-mail of an order
     * that was taken back ({@code undone}: how and when the e-mail's order, of its user, was cancelled or its factor
     * deactivated; null if it was neither). order-service may take a cancel before it reads the order's
     * {@code Provisioned}, and an admin may deactivate the factor while its e-mail waits out an SMTP outage; the
     * vendor's user is then removed, and an e-mail telling the user to activate it would send them to a factor that is
     * gone. Every other e-mail goes out.
     */
    public static Optional<Withdrawal> withdrawnBecause(ExtauthEvent event, @Nullable OrderUndone undone) {
        if (!(event instanceof Provisioned provisioned) || undone == null) {
            return Optional.empty();
        }
        String what = switch (undone.how()) {
            case CANCELLED -> "order " + provisioned.orderId() + " was cancelled at ";
            case DEACTIVATED -> "the factor of order " + provisioned.orderId() + " was deactivated at ";
        };
        return Optional.of(new Withdrawal(provisioned.orderId(), what + undone.at() + " before this e-mail was sent: "
                + "the user is not told to activate it"));
    }

    /** An e-mail withdrawn: the order whose undoing withdrew it, and why, as the timeline and the event say it. */
    public record Withdrawal(String orderId, String reason) {
    }

    /** The e-mail the event calls for, written for the contact. */
    public static Email forEvent(Contact contact, ExtauthEvent event, String eventId) {
        return switch (templateFor(event)) {
            case PROVISIONED_PHONEFACTOR, PROVISIONED_SYMANTEC_VIP -> provisioned(contact, (Provisioned) event, eventId);
            case ACTIVATED -> activated(contact, (Activated) event, eventId);
            case LOCKOUT -> lockout(contact, (ChallengeResult) event, eventId);
            case FACTOR_SETTINGS_CHANGED -> settingsChanged(contact, (FactorSettingsChanged) event, eventId);
            case FRAUD_REPORTED -> throw new IllegalArgumentException(
                    "A fraud report is mailed to the account's admins, not to the user's contact");
        };
    }

    /** {@code <ce_id.template@extauth>}: the same event always makes the same message, so a resend is recognisable. */
    public static String messageId(String eventId, MailTemplate template) {
        return "<" + eventId + "." + template.templateName() + "@extauth>";
    }

    /**
     * {@code <ce_id.template.recipient-part@extauth>}: one event mailed to several admins makes one message per
     * recipient. The recipient's part is keyed ({@link MessageIdKey}), so that the address can be neither read nor
     * tested from the headers others see or from {@code auth.email-sent}. Made once, when the e-mail is queued; every
     * attempt sends the queued row's Message-ID ({@link #fraudReported}), so a resend is recognisable.
     */
    public static String messageId(String eventId, MailTemplate template, String recipient, MessageIdKey key) {
        return "<" + eventId + "." + template.templateName() + "." + key.recipientPart(eventId, recipient)
                + "@extauth>";
    }

    /**
     * The e-mail that tells one admin of the account that a user reported fraud: who, on which login and method, when;
     * that the user stays blocked until an admin unlocks, and how. {@code messageId}: the one it was queued with.
     */
    public static Email fraudReported(String adminEmail, FraudReported event, String messageId) {
        Map<String, String> values = Map.of(
                "accountId", event.accountId(),
                "userId", event.userId(),
                "challengeId", event.challengeId(),
                "channel", event.channel() == LoginChannel.VPN ? "VPN" : "portal",
                "method", fraudMethod(event.method()),
                "reportedAt", REPORTED_AT.format(event.reportedAt()));
        MailTemplate template = MailTemplate.FRAUD_REPORTED;
        return new Email(event.accountId(), event.userId(), null, template, adminEmail,
                Templates.subject(template, values), Templates.text(template, values),
                Templates.html(template, values), messageId);
    }

    static String fraudMethod(@Nullable PhoneFactorMethod method) {
        if (method == null) {
            return "the user's second factor";
        }
        return switch (method) {
            case PHONE_CALL_STANDARD -> "PhoneFactor phone call (PHONE_CALL_STANDARD)";
            case PHONE_CALL_PIN -> "PhoneFactor phone call with PIN (PHONE_CALL_PIN)";
            case SMS_ONE_TIME -> "PhoneFactor text message (SMS_ONE_TIME)";
            case SMS_ONE_TIME_PIN -> "PhoneFactor text message with PIN (SMS_ONE_TIME_PIN)";
            case APP_STANDARD -> "PhoneFactor app (APP_STANDARD)";
            case APP_PIN -> "PhoneFactor app with PIN (APP_PIN)";
        };
    }

    /** The e-mail that tells the user the factor was set up and what to do to activate it. */
    public static Email provisioned(Contact contact, Provisioned event, String eventId) {
        MailTemplate template = event.type() == AuthType.PHONEFACTOR ? MailTemplate.PROVISIONED_PHONEFACTOR
                : MailTemplate.PROVISIONED_SYMANTEC_VIP;
        Map<String, String> values = Map.of(
                "accountId", event.accountId(),
                "userId", event.userId(),
                "orderId", event.orderId(),
                "vendor", vendorName(event.type()),
                "credential", maskedCredential(contact.credentialId()));
        return email(contact, event.orderId(), template, values, eventId);
    }

    /**
     * The e-mail that confirms activation: from now on every login is challenged, on which phone (so that a user who
     * did not set the factor up sees that someone else did).
     */
    public static Email activated(Contact contact, Activated event, String eventId) {
        Map<String, String> values = Map.of(
                "accountId", event.accountId(),
                "userId", event.userId(),
                "vendor", vendorName(event.type()),
                "method", methodName(event.type(), event.method()) + (event.phoneMasked() == null
                        || !MASKED_PHONE.matcher(event.phoneMasked()).matches() ? ""
                                : " (verified phone: " + event.phoneMasked() + ")"));
        return email(contact, contact.orderId(), MailTemplate.ACTIVATED, values, eventId);
    }

    /**
     * The e-mail that tells the user of a lockout: when it ends, and that an admin of the account can unlock. A lock
     * without {@code lockedUntil} is a fraud block: it does not end by itself, only an admin ends it.
     */
    public static Email lockout(Contact contact, ChallengeResult event, String eventId) {
        Instant lockedUntil = event.lockedUntil();
        Map<String, String> values = Map.of(
                "accountId", event.accountId(),
                "userId", event.userId(),
                "vendor", vendorName(contact.type()),
                "until", lockedUntil == null ? "until an admin of the account unlocks it"
                        : "until " + LOCK_END.format(lockedUntil) + ", after "
                                + Math.max(event.consecutiveFailures(), 1) + " unsuccessful sign-in attempts in a row",
                "ending", lockedUntil == null
                        ? "A fraud report was made on one of these sign-ins, so the lock does not end by itself."
                        : "The lock ends by itself at that time.");
        return email(contact, contact.orderId(), MailTemplate.LOCKOUT, values, eventId);
    }

    /**
     * The e-mail that tells the user their two-factor settings changed: what changed, by whom, when, and what to do if
     * it was not them. No PIN ever travels, and a phone shows only its last four digits (even if an event carried
     * more).
     */
    public static Email settingsChanged(Contact contact, FactorSettingsChanged event, String eventId) {
        Map<String, String> values = Map.of(
                "accountId", event.accountId(),
                "userId", event.userId(),
                "at", REPORTED_AT.format(event.at()),
                "changedBy", event.changedBy(),
                "changes", String.join("\n", changeSentences(event)),
                "changesInline", String.join(" ", changeSentences(event)));
        return email(contact, contact.orderId(), MailTemplate.FACTOR_SETTINGS_CHANGED, values, eventId);
    }

    static List<String> changeSentences(FactorSettingsChanged event) {
        List<FactorChange> changes = event.changes();
        if (changes == null || changes.isEmpty()) {
            return List.of("The settings were saved; sign-ins use " + methodName(AuthType.PHONEFACTOR, event.method())
                    + ".");
        }
        return changes.stream().map(change -> switch (change) {
            case METHOD -> "Sign-ins now use " + methodName(AuthType.PHONEFACTOR, event.method()) + ".";
            case PIN_ADDED -> "A PIN was set: sign-ins now ask for it.";
            case PIN_CHANGED -> "The PIN was changed.";
            case PIN_REMOVED -> "The PIN was removed: sign-ins no longer ask for it.";
            case PIN_RESET -> "An admin reset the PIN: choose a new one in the portal before the next sign-in.";
            case PRIMARY_PHONE_ADDED, PRIMARY_PHONE_CHANGED -> "The primary phone is now " + phone(event) + ".";
            case SECONDARY_PHONE_ADDED, SECONDARY_PHONE_CHANGED -> "The secondary phone is now " + phone(event) + ".";
            case SUSPENDED -> "Two-factor sign-in was suspended (status INACTIVE): no challenge is sent until it is "
                    + "switched on again.";
            case RESUMED -> "Two-factor sign-in was switched on again (status ACTIVE).";
        }).toList();
    }

    /** Only the last four digits, whatever the event carried. */
    static String phone(FactorSettingsChanged event) {
        String digits = event.phoneMasked() == null ? "" : event.phoneMasked().replaceAll("\\D", "");
        return digits.length() < 2 ? "a new number" : "the number ending in "
                + digits.substring(Math.max(0, digits.length() - 4));
    }

    /** A credential shows only its last four characters in an e-mail: {@code ****5678}. */
    public static String maskedCredential(@Nullable String credentialId) {
        if (credentialId == null || credentialId.isBlank()) {
            return "(unknown credential)";
        }
        return "****" + credentialId.substring(Math.max(0, credentialId.length() - 4));
    }

    static String vendorName(AuthType type) {
        return type == AuthType.PHONEFACTOR ? "PhoneFactor" : "Symantec VIP";
    }

    static String methodName(AuthType type, @Nullable PhoneFactorMethod method) {
        if (type == AuthType.SYMANTEC_VIP || method == null) {
            return "the security code shown on your VIP credential";
        }
        return switch (method) {
            case PHONE_CALL_STANDARD -> "a phone call: answer and press #";
            case PHONE_CALL_PIN -> "a phone call: answer, enter your PIN, then press #";
            case SMS_ONE_TIME -> "a text message: reply with the one-time code";
            case SMS_ONE_TIME_PIN -> "a text message: reply with the one-time code followed by your PIN";
            case APP_STANDARD -> "the PhoneFactor app: approve the request";
            case APP_PIN -> "the PhoneFactor app: enter your PIN and approve the request";
        };
    }

    private static Email email(Contact contact, @Nullable String orderId, MailTemplate template,
            Map<String, String> values, String eventId) {
        return new Email(contact.accountId(), contact.userId(), orderId, template, contact.email(),
                Templates.subject(template, values), Templates.text(template, values),
                Templates.html(template, values), messageId(eventId, template));
    }
}
