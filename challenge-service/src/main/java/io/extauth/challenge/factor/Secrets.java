package io.extauth.challenge.factor;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/** PINs and one-time codes are kept only as bcrypt hashes. */
@Component
public class Secrets {

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();

    public String hash(String secret) {
        return bcrypt.encode(secret);
    }

    public boolean matches(String secret, String hash) {
        return bcrypt.matches(secret, hash);
    }
}
