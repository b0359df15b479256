package io.extauth.service.settings;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A shared secret (an HMAC key, a pepper) is usable when it is set, at least {@value #MIN_BYTES} bytes long (UTF-8),
 * and not a value that was ever published in this repository: a secret anyone can read is no secret.
 */
public final class SecretRules {

    /** 256 bits: as long as the HMAC-SHA256 output, so the key is never the weaker part. */
    public static final int MIN_BYTES = 32;

    /** Values that were defaults in published files; refused wherever they turn up. */
    private static final Set<String> PUBLISHED = Set.of("dev-callback-secret");

    private SecretRules() {
    }

    /** The value of the setting, or an {@link InvalidSettingException} that names it and says what to give. */
    public static String require(String property, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(property, "is not set. Give a random secret of at least " + MIN_BYTES
                    + " bytes, e.g. the output of `openssl rand -hex 32`.");
        }
        if (PUBLISHED.contains(value.strip())) {
            throw new InvalidSettingException(property, "is a value published in the extauth repository. Give a "
                    + "random secret of at least " + MIN_BYTES + " bytes, e.g. the output of `openssl rand -hex 32`.");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
            throw new InvalidSettingException(property, "is shorter than " + MIN_BYTES + " bytes. Give a random "
                    + "secret of at least " + MIN_BYTES + " bytes, e.g. the output of `openssl rand -hex 32`.");
        }
        return value;
    }
}
