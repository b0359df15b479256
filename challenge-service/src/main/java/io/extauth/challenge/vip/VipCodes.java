package io.extauth.challenge.vip;

import com.fasterxml.jackson.databind.JsonNode;
import io.extauth.challenge.telephony.VendorUnavailableException;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/** Asks Symantec VIP whether a security code is the one the credential shows now. */
@Component
public class VipCodes {

    /** VIP's verdict; {@code reason} is VIP's word (ACCEPTED, WRONG_CODE, CODE_ALREADY_USED, UNKNOWN_CREDENTIAL). */
    public record Verdict(boolean valid, String reason) {
    }

    private final RestClient http;

    VipCodes(RestClient.Builder builder, VipProperties properties) {
        this.http = builder.baseUrl(properties.baseUrl()).build();
    }

    public Verdict validate(String credentialId, String code) {
        try {
            JsonNode answer = http.post().uri("/vip/credentials/{credentialId}/validate", credentialId)
                    .body(Map.of("code", code)).retrieve().body(JsonNode.class);
            if (answer == null) {
                throw new RestClientException("empty answer");
            }
            return new Verdict(answer.path("valid").asBoolean(false), answer.path("reason").asText("WRONG_CODE"));
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().is4xxClientError() && !e.getStatusCode().isSameCodeAs(HttpStatusCode.valueOf(429))) {
                return new Verdict(false, "UNKNOWN_CREDENTIAL");
            }
            throw new VendorUnavailableException("Symantec VIP", e);
        } catch (RestClientException e) {
            throw new VendorUnavailableException("Symantec VIP", e);
        }
    }
}
