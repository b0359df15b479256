package io.extauth.bench.scenario;

import org.jspecify.annotations.Nullable;

/** One activated user of the login scenario and what the benchmark remembers about it. */
public final class LoginUser {

    final String userId;
    final boolean symantec;
    /** E.164 of the verified phone (PhoneFactor) */
    final @Nullable String phone;
    /** The VIP credential (Symantec) */
    final @Nullable String credentialId;
    volatile long highestStepUsed = -1;
    volatile boolean lastWrong;
    volatile boolean locked;

    LoginUser(String userId, boolean symantec, @Nullable String phone, @Nullable String credentialId) {
        this.userId = userId;
        this.symantec = symantec;
        this.phone = phone;
        this.credentialId = credentialId;
    }

    public String userId() {
        return userId;
    }

    public boolean symantec() {
        return symantec;
    }

    /** E.164 of the verified phone; null for a Symantec user. */
    public @Nullable String phone() {
        return phone;
    }

    public boolean canAnswerNow() {
        return !symantec || VipSteps.use(highestStepUsed, VipSteps.now()) != VipSteps.Use.WAIT;
    }
}
