package io.extauth.challenge.activation;

import io.extauth.challenge.refusal.Refusal;
import java.util.Map;

/** Activation, a phone verification or a settings change refused; the web edge renders it as a problem. */
public class ActivationRefusal extends Refusal {

    public ActivationRefusal(Kind kind, String code, String detail) {
        this(kind, code, detail, Map.of());
    }

    public ActivationRefusal(Kind kind, String code, String detail, Map<String, ?> facts) {
        super(kind, code, detail, facts, null);
    }
}
