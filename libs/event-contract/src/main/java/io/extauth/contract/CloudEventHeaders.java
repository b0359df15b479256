package io.extauth.contract;

/** Header names of the CloudEvents 1.0 Kafka protocol binding, binary mode. */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";
    /** Content type that marks a structured-mode record: the whole CloudEvent is the value. */
    public static final String STRUCTURED_JSON = "application/cloudevents+json";

    private CloudEventHeaders() {
    }
}
