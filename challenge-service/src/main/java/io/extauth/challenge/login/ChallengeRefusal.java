package io.extauth.challenge.login;

import io.extauth.challenge.refusal.Refusal;
import java.util.Map;

/** A challenge that cannot be issued or answered; the web edge renders it as a problem. */
public class ChallengeRefusal extends Refusal {

    public ChallengeRefusal(Kind kind, String code, String detail) {
        this(kind, code, detail, Map.of());
    }

    public ChallengeRefusal(Kind kind, String code, String detail, Map<String, ?> facts) {
        super(kind, code, detail, facts, null);
    }

    public ChallengeRefusal(Kind kind, String code, String detail, Map<String, ?> facts, long retryAfterSeconds) {
        super(kind, code, detail, facts, retryAfterSeconds);
    }
}
