package io.extauth.bench.scenario;

import io.extauth.bench.stack.Http;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What a user does with the phone and the token in hand, played on the vendor simulator: answer the ringing call,
 * read the Symantec credential's code. Shared by the benchmark and {@code ./extauth chaos}.
 */
public final class UserDevice {

    /** How often a 502 from the simulator was retried in this JVM (reported by the login scenario). */
    static final AtomicLong RETRIED_502 = new AtomicLong();

    private final Http http;
    private final String simulatorUrl;

    public UserDevice(Http http, String simulatorUrl) {
        this.http = http;
        this.simulatorUrl = simulatorUrl;
    }

    /** The ringing call to {@code e164} (with this reference, when given), once the simulator lists it. */
    public String ringingCall(String e164, @Nullable String reference, long deadlineMillis)
            throws InterruptedException {
        String url = simulatorUrl + "/telephony/calls?status=RINGING&to=" + URLEncoder.encode(e164, StandardCharsets.UTF_8);
        while (true) {
            Http.Answer calls = http.get(url, null);
            for (var call : calls.body()) {
                if (reference == null || reference.equals(call.path("reference").asText())) {
                    return call.path("callId").asText();
                }
            }
            if (System.currentTimeMillis() > deadlineMillis) {
                throw new IllegalStateException("no ringing call to " + e164 + " (reference " + reference + ")");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /**
     * Answers a call on the simulator. 502 means the simulator's callback did not get through and nothing changed
     * ("act again"); seen when its HTTP client reuses a keep-alive connection the service's Tomcat has just closed.
     */
    public Http.Answer answerCall(String callId, String keys) {
        Http.Answer answered = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            answered = http.post(simulatorUrl + "/telephony/calls/" + callId + "/answer", null, Map.of("keys", keys));
            if (answered.status() != 502) {
                return answered;
            }
            RETRIED_502.incrementAndGet();
        }
        return answered;
    }

    /**
     * The code the user types for a Symantec login: the current step's, or the next step's when the current one is
     * used up; a right code marks its step used. A wrong code is the right one with its first digit changed.
     */
    public String symantecCode(LoginUser user, boolean wrong) {
        VipSteps.Use use = VipSteps.use(user.highestStepUsed, VipSteps.now());
        boolean next = use != VipSteps.Use.CURRENT;
        String code = http.get(simulatorUrl + "/vip/credentials/" + user.credentialId + "/code"
                + (next ? "?step=next" : ""), null).text("code");
        if (wrong) {
            return (code.charAt(0) == '9' ? "0" : String.valueOf((char) (code.charAt(0) + 1))) + code.substring(1);
        }
        user.highestStepUsed = VipSteps.now() + (next ? 1 : 0);
        return code;
    }
}
