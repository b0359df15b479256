package io.extauth.notification.mail;

import io.extauth.contract.AuthType;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.Provisioned;
import io.extauth.notification.contact.Contact;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Which e-mail each event calls for, to whom, and with what in it. */
public final class Emails {

    private Emails() {
    }

    /** {@code <ce_id.template@extauth>}: the same event always makes the same message, so a resend is recognisable. */
    public static String messageId(String eventId, MailTemplate template) {
        return "<" + eventId + "." + template.templateName() + "@extauth>";
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

    /** The e-mail that confirms activation: from now on every login is challenged. */
    public static Email activated(Contact contact, Activated event, String eventId) {
        Map<String, String> values = Map.of(
                "accountId", event.accountId(),
                "userId", event.userId(),
                "vendor", vendorName(event.type()),
                "method", methodName(event.type(), event.method()));
        return email(contact, contact.orderId(), MailTemplate.ACTIVATED, values, eventId);
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
