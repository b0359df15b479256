package io.extauth.challenge.links.adapter;

import io.extauth.challenge.telephony.adapter.CallbackUrlProperties;
import io.extauth.challenge.telephony.adapter.TelephonyProperties;
import io.extauth.challenge.vip.adapter.VipProperties;
import io.extauth.service.settings.PlainHttpRule;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when Symantec VIP, the telephony gateway or the callback address (which the gateway posts keys
 * pressed and SMS texts to) is plain http:// to another host, unless {@value PlainHttpRule#ALLOW_PLAIN_HTTP} is true
 * ({@link PlainHttpRule}).
 */
@Component
public class PlainHttpCheck {

    static final String CALLBACK_URL = "extauth.callbacks.base-url";

    PlainHttpCheck(VipProperties vip, TelephonyProperties telephony, CallbackUrlProperties callbacks,
            Environment environment) {
        boolean allowed = environment.getProperty(PlainHttpRule.ALLOW_PLAIN_HTTP, Boolean.class, false);
        PlainHttpRule.require(VipProperties.BASE_URL, vip.baseUrl(), allowed);
        PlainHttpRule.require(TelephonyProperties.BASE_URL, telephony.baseUrl(), allowed);
        // resolved as far as it can be now: its port may be the server's, known once it listens
        PlainHttpRule.require(CALLBACK_URL, environment.resolvePlaceholders(callbacks.baseUrl()), allowed);
    }
}
