package io.extauth.bench.system;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which family a thread belongs to: its name with the instance numbers folded ({@code mail-worker-2} and
 * {@code mail-worker-5} are both {@code mail-worker-#}), so that the CPU of a pool adds up in one line, but with what
 * tells one service's threads from another's kept: a Tomcat worker's port (named by its service where the bench knows
 * it), a Kafka client's id.
 */
public final class ThreadFamilies {

    /** {@code http-nio-127.0.0.1-36083-exec-12}: host (optional), port, role, instance (optional). */
    private static final Pattern TOMCAT = Pattern.compile("http-nio-(?:[0-9.]+-)?(\\d+)-(\\D+?)(?:-\\d+)?");
    /** {@code kafka-producer-network-thread | challenge-service-producer-1}: the client's thread, then its id. */
    private static final Pattern KAFKA_CLIENT = Pattern.compile("(kafka-[a-z-]+) \\| (.+?)(?:-\\d+)?");
    /** The container ids spring-kafka makes up for a listener without one carry nothing the reader needs. */
    private static final String SPRING_KAFKA = "org.springframework.kafka.";
    /** A number, with the {@code #} before it when there is one ({@code GC Thread#1}, {@code Container#3-1-C-1}). */
    private static final Pattern NUMBER = Pattern.compile("#?\\d+");

    private final Map<Integer, String> services;

    /** @param services what listens on a port, where the bench knows it: {@code 8083 -> challenge-service} */
    public ThreadFamilies(Map<Integer, String> services) {
        this.services = Map.copyOf(services);
    }

    public String of(String threadName) {
        Matcher tomcat = TOMCAT.matcher(threadName);
        if (tomcat.matches()) {
            int port = Integer.parseInt(tomcat.group(1));
            String service = services.get(port);
            return (service == null ? "http-nio :" + port : service + " http") + " " + tomcat.group(2);
        }
        Matcher client = KAFKA_CLIENT.matcher(threadName);
        if (client.matches()) {
            return client.group(1) + " | " + client.group(2);
        }
        String name = threadName.startsWith(SPRING_KAFKA) ? threadName.substring(SPRING_KAFKA.length()) : threadName;
        return NUMBER.matcher(name).replaceAll("#");
    }
}
