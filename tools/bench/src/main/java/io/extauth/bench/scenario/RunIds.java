package io.extauth.bench.scenario;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names unique to one benchmark run, so runs against the same stack never meet: user ids, the account, VIP credential
 * ids ({@code [A-Z]{4}\d{8}}, the letters fixed per run, the digits counting) and phone numbers.
 */
public final class RunIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String run;
    private final String letters;
    private final int phonePrefix;
    private final AtomicLong credentials = new AtomicLong();

    public RunIds(String run, String letters, int phonePrefix) {
        this.run = run;
        this.letters = letters;
        this.phonePrefix = phonePrefix;
    }

    public static RunIds random() {
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            letters.append((char) ('A' + RANDOM.nextInt(26)));
        }
        String run = letters.toString().toLowerCase(Locale.ROOT) + RANDOM.nextInt(100);
        return new RunIds(run, letters.toString(), RANDOM.nextInt(100));
    }

    public String run() {
        return run;
    }

    public String account() {
        return "bench-" + run;
    }

    public String user(String kind, long n) {
        return "bench-" + run + "-" + kind + n;
    }

    public String email(String userId) {
        return userId + "@bench.example.com";
    }

    public String nextCredential() {
        return letters + String.format(Locale.ROOT, "%08d", credentials.incrementAndGet());
    }

    /** A US national number, 555 then two digits of the run and five of the user: 100,000 users per run. */
    public String phone(int user) {
        return String.format(Locale.ROOT, "555%02d%05d", phonePrefix, user % 100_000);
    }
}
