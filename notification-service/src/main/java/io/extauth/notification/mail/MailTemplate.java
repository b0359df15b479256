package io.extauth.notification.mail;

/** The e-mails extauth writes: each has a name (as in {@code EmailSent.template}), a subject and two bodies. */
public enum MailTemplate {
    PROVISIONED_PHONEFACTOR("provisioned-phonefactor", "PhoneFactor has been added to your account"),
    PROVISIONED_SYMANTEC_VIP("provisioned-symantec-vip", "Symantec VIP has been added to your account"),
    ACTIVATED("activated", "${vendor} is now active on your account"),
    LOCKOUT("lockout", "Sign-in locked for user ${userId} of account ${accountId}"),
    /** Every change of an active user's PhoneFactor settings, so a change the user did not make is noticed. */
    FACTOR_SETTINGS_CHANGED("factor-settings-changed", "Your two-factor settings changed"),
    /** To each admin of the account, not to the user. */
    FRAUD_REPORTED("fraud-reported", "Fraud reported: user ${userId} of account ${accountId} is blocked");

    private final String templateName;
    private final String subject;

    MailTemplate(String templateName, String subject) {
        this.templateName = templateName;
        this.subject = subject;
    }

    /** The name in events and of the resources {@code mail/<name>.txt} and {@code mail/<name>.html}. */
    public String templateName() {
        return templateName;
    }

    /** The template of a name as {@link #templateName()} gives it. */
    public static MailTemplate ofName(String templateName) {
        for (MailTemplate template : values()) {
            if (template.templateName.equals(templateName)) {
                return template;
            }
        }
        throw new IllegalArgumentException("No mail template " + templateName);
    }

    public String subject() {
        return subject;
    }
}
