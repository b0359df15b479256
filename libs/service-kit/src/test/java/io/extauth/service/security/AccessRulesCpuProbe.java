package io.extauth.service.security;

import static io.extauth.service.security.Role.ADMIN;
import static io.extauth.service.security.Role.OPERATOR;
import static io.extauth.service.security.Role.PORTAL;
import static io.extauth.service.security.Role.VPN;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.extauth.service.problem.ProblemsAutoConfiguration;
import io.extauth.testsupport.TestJwt;
import jakarta.servlet.Filter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.access.annotation.Secured;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

/**
 * Not a test (surefire does not pick up {@code *Probe}; run it with {@code -Dtest=AccessRulesCpuProbe}): the CPU an
 * authorised request costs through the service kit's real filter chain and dispatcher (MockMvc, on the calling
 * thread), for a handler that does nothing, so what differs between the ways of declaring its callers is the cost of
 * the access rule. Two handlers like challenge-service's: a POST whose body names the account (the role and the
 * account scope) and a GET (the role only): with the {@code @PreAuthorize} expressions they had under method
 * security, with {@code @Secured} (method security without SpEL) and with {@link Callers}, measured alternately in one
 * JVM. Prints its numbers; asserts nothing.
 */
class AccessRulesCpuProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    record Thing(@Nullable String accountId, @Nullable String userId) {
    }

    /** The rules as they were written: a SpEL expression per handler, checked by method security's proxy. */
    @RestController
    static class ExpressionRules {

        @PostMapping("/api/things")
        @PreAuthorize("hasAnyRole('PORTAL', 'VPN') and @accounts.mayActOn(#request.accountId())")
        String create(@RequestBody Thing request) {
            return "created";
        }

        @GetMapping("/api/things/{id}")
        @PreAuthorize("hasAnyRole('PORTAL', 'ADMIN', 'OPERATOR', 'VPN')")
        String read(@PathVariable String id) {
            return id;
        }
    }

    /** The {@code @accounts} bean of the expressions, as challenge-service's {@code ScopedAccounts}. */
    public static class Accounts {

        public boolean mayActOn(@Nullable String accountId) {
            return accountId == null || accountId.isBlank() || AccountAccess.mayActOn(accountId);
        }
    }

    /**
     * Spring Security's own SpEL-free annotation, for comparison: still method security's proxy and interceptor, and
     * no way to say the account scope (so its POST checks less than the others).
     */
    @RestController
    static class SecuredRules {

        @PostMapping("/api/things")
        @Secured({"ROLE_PORTAL", "ROLE_VPN"})
        String create(@RequestBody Thing request) {
            return "created";
        }

        @GetMapping("/api/things/{id}")
        @Secured({"ROLE_PORTAL", "ROLE_ADMIN", "ROLE_OPERATOR", "ROLE_VPN"})
        String read(@PathVariable String id) {
            return id;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableMethodSecurity(prePostEnabled = false, securedEnabled = true)
    static class WithSecured {

        @Bean
        static BeanDefinitionRegistryPostProcessor withoutCallerRules() {
            return registry -> registry.removeBeanDefinition("extauthCallerRules");
        }

        @Bean
        SecuredRules securedRules() {
            return new SecuredRules();
        }
    }

    /** The same rules as the service kit declares them now: {@link Callers}, checked by {@link CallerRules}. */
    @RestController
    static class DeclaredCallers {

        record NamedThing(@Nullable String accountId, @Nullable String userId) implements NamesAccount {
        }

        @PostMapping("/api/things")
        @Callers(value = {PORTAL, VPN}, accountInBody = true)
        String create(@RequestBody NamedThing request) {
            return "created";
        }

        @GetMapping("/api/things/{id}")
        @Callers({PORTAL, ADMIN, OPERATOR, VPN})
        String read(@PathVariable String id) {
            return id;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WithCallers {

        @Bean
        DeclaredCallers declaredCallers() {
            return new DeclaredCallers();
        }
    }

    /**
     * Method security as it was, without the service kit's {@link CallerRules}, which would close a handler of ours
     * that has no {@link Callers}: the "before" of the comparison.
     */
    @Configuration(proxyBeanMethods = false)
    @EnableMethodSecurity
    static class WithExpressions {

        @Bean
        static BeanDefinitionRegistryPostProcessor withoutCallerRules() {
            return registry -> registry.removeBeanDefinition("extauthCallerRules");
        }

        @Bean
        ExpressionRules expressionRules() {
            return new ExpressionRules();
        }

        @Bean("accounts")
        Accounts accounts() {
            return new Accounts();
        }
    }

    private static WebApplicationContextRunner runner(Class<?> rules) {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
                        ProblemsAutoConfiguration.class, JacksonAutoConfiguration.class,
                        HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class))
                .withUserConfiguration(rules)
                .withPropertyValues("spring.security.oauth2.resourceserver.jwt.public-key-location="
                        + TestJwt.publicKeyLocation(), "extauth.security.jwt.issuer=" + TestJwt.ISSUER);
    }

    @Test
    void cpuPerAuthorisedRequest() {
        int warm = Integer.getInteger("probe.warm", 30_000);
        int measured = Integer.getInteger("probe.requests", 30_000);
        Map<String, Class<?>> variants = new LinkedHashMap<>();
        variants.put("@PreAuthorize (SpEL, method security)", WithExpressions.class);
        variants.put("@Secured (method security, no SpEL)", WithSecured.class);
        variants.put("@Callers (CallerRules)", WithCallers.class);
        runAll(variants, warm, measured);
    }

    private static void runAll(Map<String, Class<?>> variants, int warm, int measured) {
        List<Map.Entry<String, Class<?>>> all = List.copyOf(variants.entrySet());
        nest(all, 0, new LinkedHashMap<>(), warm, measured);
    }

    /** Starts every variant's context (nested, so all are open at once), then measures them alternately. */
    private static void nest(List<Map.Entry<String, Class<?>>> all, int index, Map<String, MockMvc> open, int warm,
            int measured) {
        if (index == all.size()) {
            measure(open, warm, measured);
            return;
        }
        runner(all.get(index).getValue()).run(context -> {
            open.put(all.get(index).getKey(), mvc(context));
            nest(all, index + 1, open, warm, measured);
        });
    }

    private static void measure(Map<String, MockMvc> open, int warm, int measured) {
        String token = TestJwt.portal();
        RequestBuilder create = post("/api/things").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content("{\"accountId\":\"1234\",\"userId\":\"jane\"}");
        RequestBuilder read = get("/api/things/abc").header("Authorization", "Bearer " + token);
        open.forEach((name, mvc) -> {
            check(mvc, create, 200);
            check(mvc, read, 200);
            repeat(mvc, create, warm);
            repeat(mvc, read, warm);
        });
        for (int round = 1; round <= 4; round++) {
            for (Map.Entry<String, MockMvc> variant : open.entrySet()) {
                double posts = cpuMicrosPerRequest(variant.getValue(), create, measured);
                double gets = cpuMicrosPerRequest(variant.getValue(), read, measured);
                System.out.printf("PROBE round %d: %-40s POST (role + account) %6.1f us, GET (role) %6.1f us CPU "
                        + "per request (%d each)%n", round, variant.getKey(), posts, gets, measured);
            }
        }
    }

    private static double cpuMicrosPerRequest(MockMvc mvc, RequestBuilder request, int count) {
        long start = THREADS.getCurrentThreadCpuTime();
        repeat(mvc, request, count);
        return (THREADS.getCurrentThreadCpuTime() - start) / 1000.0 / count;
    }

    private static void repeat(MockMvc mvc, RequestBuilder request, int count) {
        for (int i = 0; i < count; i++) {
            check(mvc, request, 200);
        }
    }

    private static void check(MockMvc mvc, RequestBuilder request, int status) {
        try {
            int answered = mvc.perform(request).andReturn().getResponse().getStatus();
            if (answered != status) {
                throw new IllegalStateException("answered " + answered + ", expected " + status);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static MockMvc mvc(WebApplicationContext context) {
        return MockMvcBuilders.webAppContextSetup(context)
                .addFilters(context.getBean("springSecurityFilterChain", Filter.class)).build();
    }
}
