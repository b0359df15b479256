package io.extauth.service.security;

import static io.extauth.service.security.Role.ADMIN;
import static io.extauth.service.security.Role.OPERATOR;
import static io.extauth.service.security.Role.PORTAL;
import static io.extauth.service.security.Role.VPN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.extauth.service.problem.ProblemsAutoConfiguration;
import io.extauth.testsupport.TestJwt;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import tools.jackson.databind.json.JsonMapper;

/**
 * A handler's {@link Callers}, checked per request through the real filter chain and dispatcher: who passes, the 403
 * problem of who does not (before the handler runs or its body is read), the account a body names, and an undeclared
 * handler of ours closed to everyone.
 */
class CallerRulesTest {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Thing(@Nullable String accountId, @Nullable String name) implements NamesAccount {
    }

    @RestController
    @Callers({PORTAL, ADMIN})
    static class Things {

        @GetMapping("/api/things")
        String list() {
            RUNS.incrementAndGet();
            return "things";
        }

        @PostMapping("/api/things/reset")
        @Callers(OPERATOR)
        String reset() {
            RUNS.incrementAndGet();
            return "reset";
        }

        @PostMapping("/api/logins")
        @Callers(value = {PORTAL, VPN}, accountInBody = true)
        String login(@RequestBody Thing thing) {
            RUNS.incrementAndGet();
            return "login " + thing.name();
        }
    }

    @RestController
    static class Forgotten {

        @GetMapping("/api/forgotten")
        String forgotten() {
            RUNS.incrementAndGet();
            return "open?";
        }
    }

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class, ProblemsAutoConfiguration.class,
                    JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
                    WebMvcAutoConfiguration.class))
            .withUserConfiguration(Things.class, Forgotten.class)
            .withPropertyValues("spring.security.oauth2.resourceserver.jwt.public-key-location="
                    + TestJwt.publicKeyLocation(), "extauth.security.jwt.issuer=" + TestJwt.ISSUER);

    @Test
    void aCallerWithOneOfTheClasssRolesReachesTheHandler() {
        runner.run(context -> {
            assertThat(answer(context, get("/api/things"), TestJwt.portal()).getContentAsString()).isEqualTo("things");
            assertThat(answer(context, get("/api/things"), TestJwt.admin("1234")).getStatus()).isEqualTo(200);
        });
    }

    @Test
    void aCallerWithoutIsA403ProblemNamingBothRoleListsAndTheHandlerDoesNotRun() {
        runner.run(context -> {
            int before = RUNS.get();
            MockHttpServletResponse refused = answer(context, get("/api/things"), TestJwt.operator());

            assertThat(refused.getStatus()).isEqualTo(403);
            assertThat(refused.getContentType()).isEqualTo("application/problem+json");
            assertThat(JSON.readTree(refused.getContentAsString())).isEqualTo(JSON.readTree("{\"type\":\"about:blank\","
                    + "\"title\":\"Forbidden\","
                    + "\"status\":403,\"detail\":\"This endpoint needs a token with the role PORTAL or ADMIN; this "
                    + "token has the role OPERATOR.\",\"instance\":\"/api/things\"}"));
            assertThat(RUNS.get()).isEqualTo(before);
        });
    }

    @Test
    void theAsynchronousDispatchOfAnAnswerPassesWithoutACallerAndARequestAsItComesDoesNot() throws Exception {
        CallerRules rules = new CallerRules();
        HandlerMethod handler = new HandlerMethod(new Things(), Things.class.getDeclaredMethod("list"));
        SecurityContextHolder.clearContext(); // no caller: the security chain does not run on that dispatch
        MockHttpServletRequest answer = new MockHttpServletRequest("GET", "/api/things");
        answer.setDispatcherType(DispatcherType.ASYNC);
        MockHttpServletRequest asItComes = new MockHttpServletRequest("GET", "/api/things");

        assertThat(rules.preHandle(answer, new MockHttpServletResponse(), handler)).isTrue();
        assertThatThrownBy(() -> rules.preHandle(asItComes, new MockHttpServletResponse(), handler))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void theMethodsOwnRuleWinsOverItsClasss() {
        runner.run(context -> {
            assertThat(answer(context, post("/api/things/reset"), TestJwt.operator()).getStatus()).isEqualTo(200);
            assertThat(answer(context, post("/api/things/reset"), TestJwt.portal()).getContentAsString())
                    .contains("needs a token with the role OPERATOR; this token has the role PORTAL");
        });
    }

    @Test
    void aWrongRoleIsRefusedBeforeTheBodyIsRead() {
        runner.run(context -> {
            MockHttpServletResponse refused = answer(context, post("/api/logins")
                    .contentType(MediaType.APPLICATION_JSON).content("{not json"), TestJwt.operator());

            assertThat(refused.getStatus()).isEqualTo(403);
            assertThat(refused.getContentAsString()).contains("needs a token with the role PORTAL or VPN");
        });
    }

    @Test
    void aTokenThatIsAlsoAnAdminOfAnotherAccountIsRefusedTheBodysAccountWithADetailNamingBothAccounts() {
        runner.run(context -> {
            int before = RUNS.get();
            MockHttpServletResponse elsewhere = answer(context, login("1234"), portalAndAdmin("5678"));

            assertThat(elsewhere.getStatus()).isEqualTo(403);
            assertThat(elsewhere.getContentAsString())
                    .as("the roles are right, the account is not: the detail says which")
                    .contains("\"detail\":\"An admin of account 5678 cannot act on account 1234\"");
            assertThat(RUNS.get()).isEqualTo(before);
            assertThat(answer(context, login("5678"), portalAndAdmin("5678")).getContentAsString())
                    .isEqualTo("login jane");
            assertThat(answer(context, login("1234"), TestJwt.portal()).getStatus()).isEqualTo(200);
            assertThat(answer(context, post("/api/logins").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"name\":\"jane\"}"), portalAndAdmin("5678")).getStatus()).isEqualTo(200);
        });
    }

    @Test
    void anUndeclaredHandlerOfOursIsClosedToEveryone() {
        runner.run(context -> {
            MockHttpServletResponse refused = answer(context, get("/api/forgotten"), TestJwt.operator());

            assertThat(refused.getStatus()).isEqualTo(403);
            assertThat(refused.getContentAsString()).contains("declares no callers");
        });
    }

    @Test
    void noControllerIsWrappedInAProxyAndNoMethodSecurityRuns() {
        runner.run(context -> {
            assertThat(AopUtils.isAopProxy(context.getBean(Things.class))).isFalse();
            assertThat(context.getBeansOfType(AuthorizationManagerBeforeMethodInterceptor.class)).isEmpty();
        });
    }

    private static MockHttpServletRequestBuilder login(String accountId) {
        return post("/api/logins").contentType(MediaType.APPLICATION_JSON)
                .content("{\"accountId\":\"" + accountId + "\",\"name\":\"jane\"}");
    }

    private static String portalAndAdmin(String accountId) {
        return TestJwt.with("PORTAL", claims -> {
            claims.put("roles", List.of("PORTAL", "ADMIN"));
            claims.put("accountId", accountId);
        });
    }

    private static MockHttpServletResponse answer(WebApplicationContext context,
            MockHttpServletRequestBuilder request, String token) throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .addFilters(context.getBean("springSecurityFilterChain", Filter.class)).build();
        return mvc.perform(request.header("Authorization", "Bearer " + token)).andReturn().getResponse();
    }
}
