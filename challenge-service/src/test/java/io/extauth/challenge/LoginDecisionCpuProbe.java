package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.telephony.adapter.TelephonyGateway;
import io.extauth.challenge.vip.adapter.VipCodes;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.testsupport.VendorSimulator;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestTemplate;
import org.springframework.boot.restclient.RestTemplateBuilder;

/**
 * Not a test (surefire does not pick up {@code *Probe}; run it with {@code -Dtest=LoginDecisionCpuProbe}): the CPU the
 * service's request threads spend per login decision (the challenge request and its answer: the vendor's signed
 * callback, or the code typed into the portal) against the real vendor simulator, embedded PostgreSQL and broker,
 * over many warm logins; and of one vendor call alone, on the calling thread and on the threads of the JVM's JDK
 * HTTP clients ({@code HttpClient-*}: a JDK client's selector and workers, which take part in every exchange even
 * through its blocking {@code send}). Prints its numbers; asserts nothing beyond each login succeeding.
 * <p>
 * The probe's own clients (the portal's requests, the signed callbacks) are the JDK's whatever else is on the class
 * path, so that a change of the service's clients does not change the requests it is measured with.
 */
@TestPropertySource(properties = {"extauth.contacts.challenges.per-user=1000000",
        "extauth.contacts.challenges.per-destination=1000000", "spring.http.clients.imperative.factory=jdk"})
@Import(LoginDecisionCpuProbe.RequestThreads.class)
class LoginDecisionCpuProbe extends IntegrationTestBase {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Autowired
    TelephonyGateway telephony;
    @Autowired
    VipCodes vip;

    /** The threads that served a request of the service (not the simulator's, which shares this JVM). */
    @TestConfiguration
    static class RequestThreads {

        static final Set<Long> IDS = ConcurrentHashMap.newKeySet();
        /** CPU (ns) of the request threads inside the servlet filters, all of them: what Tomcat's own part leaves. */
        static final LongAdder IN_FILTERS = new LongAdder();
        /** CPU (ns) inside the dispatcher, after every filter (security chain, observation, body limit). */
        static final LongAdder IN_DISPATCHER = new LongAdder();

        @Bean
        FilterRegistrationBean<Filter> requestThreadsOfTheService() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                IDS.add(Thread.currentThread().getId());
                long start = THREADS.getCurrentThreadCpuTime();
                try {
                    chain.doFilter(request, response);
                } finally {
                    IN_FILTERS.add(THREADS.getCurrentThreadCpuTime() - start);
                }
            });
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }

        @Bean
        FilterRegistrationBean<Filter> lastFilterOfTheService() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                long start = THREADS.getCurrentThreadCpuTime();
                try {
                    chain.doFilter(request, response);
                } finally {
                    IN_DISPATCHER.add(THREADS.getCurrentThreadCpuTime() - start);
                }
            });
            registration.setOrder(Ordered.LOWEST_PRECEDENCE);
            return registration;
        }
    }

    @Test
    void cpuPerLoginDecisionOfTheRequestThreads() {
        int warm = Integer.getInteger("probe.warm", 1500);
        int measured = Integer.getInteger("probe.logins", 1500);
        List<String[]> phoneUsers = users(10, () -> activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD));
        List<String[]> vipUsers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            switchTo(newAccountId(), "user-" + UUID.randomUUID());
            vipUsers.add(new String[] {accountId, userId, activeSymantecUser()});
        }
        RestTemplate callbacks = new RestTemplateBuilder().requestFactoryBuilder(ClientHttpRequestFactoryBuilder.jdk())
                .build();
        IntConsumer phoneLogin = i -> {
            String[] user = phoneUsers.get(i % phoneUsers.size());
            switchTo(user[0], user[1]);
            String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
            // signed as the gateway signs it (the simulator's list of calls, which would find the call, grows)
            assertThat(signedCallback(callbacks, http.getRootUri(), Map.of("kind", "CALL", "id", "call-" + i,
                    "reference", challengeId, "status", "ANSWERED", "keys", "#")).getStatusCode().value())
                    .isEqualTo(204);
            assertThat(jdbc.queryForObject("SELECT status FROM challenge WHERE id = ?::uuid", String.class,
                    challengeId)).isEqualTo("SUCCEEDED");
        };
        IntConsumer vipLogin = i -> {
            String[] user = vipUsers.get(i % vipUsers.size());
            switchTo(user[0], user[1]);
            String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
            VendorSimulator.forgetUsedCodes();
            assertThat(respond(challengeId, VendorSimulator.currentCode(user[2])).getBody().path("status").asText())
                    .isEqualTo("SUCCEEDED");
        };
        run("phone-call login", phoneLogin, warm, 0);
        run("Symantec login", vipLogin, warm, 0);
        Recording profile = profile();
        for (int round = 1; round <= 3; round++) {
            run("phone-call login", phoneLogin, measured, round);
            run("Symantec login", vipLogin, measured, round);
        }
        if (profile != null) {
            profile.stop();
            profile.close();
        }
        for (int round = 0; round <= 3; round++) {
            int calls = round == 0 ? warm : measured;
            long start = THREADS.getCurrentThreadCpuTime();
            long startAllocated = allocatedHere();
            Map<Long, Long> clientsAtStart = jdkClientThreads();
            for (int i = 0; i < calls; i++) {
                telephony.placeCall("+15551230000", "CHALLENGE", "Hello.", UUID.randomUUID().toString(),
                        Instant.now().plusSeconds(60));
            }
            long placed = THREADS.getCurrentThreadCpuTime();
            long placedAllocated = allocatedHere();
            double placedOnClients = jdkClientThreadsSince(clientsAtStart, calls);
            Map<Long, Long> clientsPlaced = jdkClientThreads();
            String credentialId = vipUsers.get(0)[2];
            for (int i = 0; i < calls; i++) {
                vip.validate(credentialId, "000000");
            }
            if (round > 0) {
                System.out.printf("PROBE round %d: one call placed %.1f us CPU on the caller + %.1f us on JDK client "
                        + "threads; one VIP validation %.1f us on the caller + %.1f us on JDK client threads "
                        + "(TestVendors's relay to the simulator is one, for calls and validations alike) (%d each); "
                        + "allocated on the caller: %.0f bytes per call "
                        + "placed, %.0f per VIP validation%n", round, (placed - start) / 1000.0 / calls,
                        placedOnClients, (THREADS.getCurrentThreadCpuTime() - placed) / 1000.0 / calls,
                        jdkClientThreadsSince(clientsPlaced, calls), calls,
                        (placedAllocated - startAllocated) / (double) calls,
                        (allocatedHere() - placedAllocated) / (double) calls);
            }
        }
    }

    /** Bytes this thread allocated so far (HotSpot's thread bean). */
    private static long allocatedHere() {
        return ((com.sun.management.ThreadMXBean) THREADS).getCurrentThreadAllocatedBytes();
    }

    private void run(String what, IntConsumer login, int count, int round) {
        // the contact limits are raised out of the way, but every login still reads its users' contacts of the
        // window: without this, ten users' thousands of logins made each read longer from round to round
        jdbc.update("DELETE FROM contact_attempt");
        long before = requestThreadsCpu();
        long filters = RequestThreads.IN_FILTERS.sum();
        long dispatcher = RequestThreads.IN_DISPATCHER.sum();
        Map<Long, Long> clients = jdkClientThreads();
        for (int i = 0; i < count; i++) {
            login.accept(i);
        }
        if (round > 0) {
            double all = (requestThreadsCpu() - before) / 1000.0 / count;
            double inFilters = (RequestThreads.IN_FILTERS.sum() - filters) / 1000.0 / count;
            double inDispatcher = (RequestThreads.IN_DISPATCHER.sum() - dispatcher) / 1000.0 / count;
            System.out.printf("PROBE round %d: %s, the service's request threads %.1f us CPU per decision (%d): "
                    + "Tomcat outside the filters %.1f, the filters %.1f, dispatcher (MVC and handler) %.1f; JDK client "
                    + "threads of the JVM (the probe's own clients and TestVendors's relay among them) %.1f%n", round,
                    what,
                    all, count, all - inFilters, inFilters - inDispatcher, inDispatcher,
                    jdkClientThreadsSince(clients, count));
        }
    }

    /** A JFR profile of the measured rounds when {@code -Dprobe.jfr=<file>} is given. */
    private static @Nullable Recording profile() {
        String file = System.getProperty("probe.jfr");
        if (file == null) {
            return null;
        }
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setDestination(Path.of(file));
            recording.start();
            return recording;
        } catch (IOException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CPU (ns) so far of each JDK HTTP client's selector and worker thread alive now, every client of the JVM's. */
    private static Map<Long, Long> jdkClientThreads() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread != null && thread.getThreadName().startsWith("HttpClient-")) {
                cpu.put(thread.getThreadId(), Math.max(0, THREADS.getThreadCpuTime(thread.getThreadId())));
            }
        }
        return cpu;
    }

    /** The CPU (µs) those threads spent since {@code before}, per unit (a worker that ended meanwhile is missed). */
    private static double jdkClientThreadsSince(Map<Long, Long> before, int units) {
        long sum = 0;
        for (Map.Entry<Long, Long> thread : jdkClientThreads().entrySet()) {
            sum += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return sum / 1000.0 / units;
    }

    private List<String[]> users(int count, Runnable activation) {
        List<String[]> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            switchTo(newAccountId(), "user-" + UUID.randomUUID());
            activation.run();
            users.add(new String[] {accountId, userId});
        }
        return users;
    }

    private void switchTo(String account, String user) {
        accountId = account;
        userId = user;
    }

    private static long requestThreadsCpu() {
        long sum = 0;
        for (long id : RequestThreads.IDS) {
            long cpu = THREADS.getThreadCpuTime(id);
            sum += Math.max(0, cpu);
        }
        return sum;
    }
}
