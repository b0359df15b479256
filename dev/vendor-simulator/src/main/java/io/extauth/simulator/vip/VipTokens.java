package io.extauth.simulator.vip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every well-formed VIP credential as a token in the user's hand: it shows a 6-digit code that changes every 30 s,
 * and a code is accepted once, in its own step or one step of clock drift either way.
 */
public final class VipTokens {

    static final int DIGITS = 6;
    static final int DRIFT_STEPS = 1;

    private final byte[] seed;
    private final Clock clock;
    private final Map<String, Set<Long>> acceptedSteps = new ConcurrentHashMap<>();

    public VipTokens(String seed, Clock clock) {
        this.seed = seed.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    public CurrentCode currentCode(String credentialId) {
        Instant now = clock.instant();
        long step = Totp.stepAt(now);
        int validFor = Totp.STEP_SECONDS - (int) Math.floorMod(now.getEpochSecond(), Totp.STEP_SECONDS);
        return new CurrentCode(credentialId, codeAt(credentialId, step), validFor);
    }

    /** The code the token will show in the next step; VIP accepts it now as one step of drift. */
    public CurrentCode nextCode(String credentialId) {
        Instant now = clock.instant();
        long step = Totp.stepAt(now) + 1;
        int validFor = 2 * Totp.STEP_SECONDS - (int) Math.floorMod(now.getEpochSecond(), Totp.STEP_SECONDS);
        return new CurrentCode(credentialId, codeAt(credentialId, step), validFor);
    }

    public CodeCheck validate(String credentialId, String code) {
        long now = Totp.stepAt(clock.instant());
        Set<Long> accepted = acceptedSteps.computeIfAbsent(credentialId, id -> ConcurrentHashMap.newKeySet());
        accepted.removeIf(step -> step < now - DRIFT_STEPS);
        boolean matchedUsedStep = false;
        for (long step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step++) {
            if (sameCode(codeAt(credentialId, step), code)) {
                if (accepted.add(step)) {
                    return CodeCheck.ACCEPTED;
                }
                matchedUsedStep = true;
            }
        }
        return matchedUsedStep ? CodeCheck.CODE_ALREADY_USED : CodeCheck.WRONG_CODE;
    }

    public void forgetUsedCodes() {
        acceptedSteps.clear();
    }

    /** The time steps whose code each credential accepted already: numbers, not codes. */
    public Map<String, Set<Long>> usedSteps() {
        Map<String, Set<Long>> used = new HashMap<>();
        acceptedSteps.forEach((credentialId, steps) -> used.put(credentialId, Set.copyOf(steps)));
        return used;
    }

    /** Takes over the used steps of an earlier run, so a restart does not make a used code valid again. */
    public void rememberUsedSteps(Map<String, Set<Long>> used) {
        used.forEach((credentialId, steps) -> acceptedSteps
                .computeIfAbsent(credentialId, id -> ConcurrentHashMap.newKeySet()).addAll(steps));
    }

    String codeAt(String credentialId, long step) {
        return Totp.code(secretOf(credentialId), step, DIGITS);
    }

    /** Derived, not stored, so a restarted simulator shows the same codes for the same seed. */
    byte[] secretOf(String credentialId) {
        return Totp.hmacSha1(seed, credentialId.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean sameCode(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
