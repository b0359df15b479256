package io.extauth.service.settings;

/** A setting the service cannot start without is missing or unusable; the message names it. */
public class InvalidSettingException extends IllegalStateException {

    private final String property;

    public InvalidSettingException(String property, String problem) {
        super(property + " " + problem);
        this.property = property;
    }

    /** The property to set, as it is spelled in a properties file. */
    public String property() {
        return property;
    }
}
