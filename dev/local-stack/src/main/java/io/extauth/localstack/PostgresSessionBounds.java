package io.extauth.localstack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long the PostgreSQL servers extauth ships keep a session whose client went silent, and with it that session's
 * locks: the outbox relay's round lock of a service's schema (no instance of that service publishes while it is
 * held), a user's row. Without these, a backend idle in a transaction stayed so for ever, and one whose client
 * vanished (a partition, a frozen VM) until the kernel's keepalive gave up, after 2 h 11 min on Linux's defaults.
 * Given to {@code ./extauth up}'s PostgreSQL ({@link Postgres}), to {@code ./extauth cluster}'s and, as the same
 * {@code -c} arguments, to {@code docker-compose.yml}'s (their tests hold them to this list).
 *
 * <ul>
 * <li>{@code idle_in_transaction_session_timeout} 60 s: a session that has begun a transaction and sends nothing for
 * a minute is ended and its transaction rolled back. No transaction of the services waits on anything but the
 * database: the relay waits at most its ack timeout (5 s; a service refuses one over half this bound, which it reads
 * at start) for the broker inside its round; listeners run only
 * statements; vendor and SMTP calls are made outside any transaction (the workers). A Kafka call of the relay that
 * blocks longer (the producer's {@code max.block.ms}, 60 s, when it has no metadata of a topic: the brokers are
 * unreachable) loses its round, which nothing had deleted from the outbox, and the relay tries again.</li>
 * <li>{@code tcp_keepalives_idle} 30 s, {@code _interval} 10 s, {@code _count} 3: a client that no longer answers
 * is given up about a minute after it was last heard from (PostgreSQL's own default is the kernel's: 2 h 11 min).</li>
 * <li>{@code tcp_user_timeout} 60 s: the same for a backend that was sending an answer when its client vanished
 * (keepalives are not sent while data waits for an acknowledgement; retransmissions alone take ~15 min).</li>
 * <li>{@code client_connection_check_interval} 10 s: a backend running a statement looks every 10 s whether its
 * client is still there, so a statement the client gave up on (the driver's {@code socketTimeout}) or whose client
 * the keepalives found gone stops there, rather than running on, holding its transaction's locks, until it answers.</li>
 * </ul>
 *
 * <p>No {@code lock_timeout}: every holder of a lock is now bounded (an idle one by the first setting, a vanished
 * one by the keepalives, a statement the client gave up on by the last), and a bound on waiting itself would fail
 * waits that are right to wait, the one-at-a-time locks of a user's contacts or a migration's {@code ALTER} behind
 * the running transactions, into retries that a listener's record could use up and be dead-lettered for.
 */
public final class PostgresSessionBounds {

    /** The settings, by name, as {@code postgresql.conf} and {@code -c} take them. */
    public static final Map<String, String> SETTINGS = settings();

    private PostgresSessionBounds() {
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("idle_in_transaction_session_timeout", "60s");
        settings.put("tcp_keepalives_idle", "30s");
        settings.put("tcp_keepalives_interval", "10s");
        settings.put("tcp_keepalives_count", "3");
        settings.put("tcp_user_timeout", "60s");
        settings.put("client_connection_check_interval", "10s");
        return Collections.unmodifiableMap(settings);
    }

    /** The settings as a server's command line takes them: {@code -c name=value} each. */
    public static List<String> commandLine() {
        List<String> arguments = new ArrayList<>();
        SETTINGS.forEach((name, value) -> {
            arguments.add("-c");
            arguments.add(name + "=" + value);
        });
        return arguments;
    }
}
