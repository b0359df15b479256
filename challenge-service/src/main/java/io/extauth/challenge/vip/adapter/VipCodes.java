package io.extauth.challenge.vip.adapter;

import io.extauth.challenge.vip.VipAnswerRules;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.extauth.challenge.telephony.adapter.VendorUnavailableException;
import io.extauth.challenge.vendor.adapter.JsonBody;
import io.extauth.challenge.vendor.adapter.VendorHttpClients;
import io.extauth.challenge.vip.VipAnswerRules.Verdict;
import io.extauth.challenge.vip.VipAnswerRules.VendorFailure;
import io.extauth.challenge.vip.VipAnswerRules.VipAnswer;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks Symantec VIP whether a security code is the one the credential shows now. Returns VIP's verdict; anything else
 * (another status, no verdict in the body, a timeout) is a {@link VendorUnavailableException}: 503, never a strike.
 * Never call it while holding a user's row lock.
 */
@Component
public class VipCodes {

    private static final Logger log = LoggerFactory.getLogger(VipCodes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient http;

    VipCodes(RestClient.Builder builder, VipProperties properties) {
        this.http = VendorHttpClients.build(builder, properties.baseUrl(), properties.connectTimeout(),
                properties.readTimeout());
    }

    public Verdict validate(String credentialId, String code) {
        VipAnswer answer;
        try {
            answer = http.post().uri("/vip/credentials/{credentialId}/validate", credentialId)
                    .contentType(MediaType.APPLICATION_JSON).body(JsonBody.of(Map.of("code", code)))
                    .exchange((request, response) -> classify(response.getStatusCode().value(),
                            response.getBody().readAllBytes()), true);
        } catch (RestClientException e) {
            log.warn("Symantec VIP could not be asked about credential {}: {}", credentialId,
                    e.getClass().getSimpleName());
            throw new VendorUnavailableException("Symantec VIP", e);
        }
        if (answer instanceof VendorFailure failure) {
            log.warn("Symantec VIP gave no verdict on credential {}: {}", credentialId, failure.why());
            throw new VendorUnavailableException("Symantec VIP", null);
        }
        return (Verdict) answer;
    }

    private static VipAnswer classify(int status, byte[] body) {
        JsonNode json = parse(body);
        JsonNode valid = json == null ? null : json.get("valid");
        JsonNode reason = json == null ? null : json.get("reason");
        return VipAnswerRules.classify(status, valid != null && valid.isBoolean() ? valid.booleanValue() : null,
                reason != null && reason.isTextual() ? reason.textValue() : null);
    }

    private static @Nullable JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }
}
