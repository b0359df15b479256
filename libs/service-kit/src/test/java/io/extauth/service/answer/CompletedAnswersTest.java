package io.extauth.service.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * A handler's {@code CompletionStage} answered by the thread that completes it, on a real Tomcat: no second dispatch
 * for a value, never while the first dispatch is still in the filters, and everything else (a failed stage, a value
 * that cannot be written, the timeout) answered by Spring MVC on the second dispatch as before.
 */
class CompletedAnswersTest {

    private static ConfigurableApplicationContext service;
    private static HttpClient client;
    private static String base;

    /** The stages the handler returned, by name, for the test to complete. */
    static final Map<String, CompletableFuture<Object>> STAGES = new ConcurrentHashMap<>();
    /** Each dispatch of a request, as {@code path dispatcherType}. */
    static final List<String> DISPATCHES = new CopyOnWriteArrayList<>();
    /** The thread that wrote each answer's body, as {@code path thread}. */
    static final List<String> WRITERS = new CopyOnWriteArrayList<>();
    /** Holds a {@code /held} request's first dispatch inside the filters until counted down. */
    static volatile CountDownLatch leaveFilters = new CountDownLatch(0);
    static volatile CountDownLatch inFiltersAfterHandler = new CountDownLatch(0);
    /** Counted down when a request's first dispatch has left every filter. */
    static volatile CountDownLatch firstDispatchLeft = new CountDownLatch(1);

    record Thing(String name, int n) {
    }

    /** A value whose JSON cannot be written. */
    record Unwritable(String name) {
        @Override
        public String name() {
            throw new IllegalStateException("not writable");
        }
    }

    @BeforeAll
    static void start() {
        service = new SpringApplicationBuilder(Service.class).web(WebApplicationType.SERVLET)
                .properties("server.port=0", "spring.main.banner-mode=off").run();
        base = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port");
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @BeforeEach
    void clear() {
        STAGES.clear();
        DISPATCHES.clear();
        WRITERS.clear();
        firstDispatchLeft = new CountDownLatch(1);
    }

    @Test
    void aCompletedValueIsWrittenByTheThreadThatCompletesItWithoutASecondDispatch() throws Exception {
        CompletableFuture<HttpResponse<String>> answer = get("/later/a");
        CompletableFuture<Object> stage = stage("a");
        assertThat(firstDispatchLeft.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(answer).isNotDone();

        Thread completer = new Thread(() -> stage.complete(ResponseEntity.status(HttpStatus.CREATED)
                .header("X-Thing", "made").body(new Thing("a", 1))), "the-completer");
        completer.start();
        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Thing")).hasValue("made");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Content-Length")).hasValue(
                String.valueOf(response.body().length()));
        assertThat(response.body()).isEqualTo("{\"name\":\"a\",\"n\":1}");
        assertThat(WRITERS).containsExactly("/later/a the-completer");
        assertThat(DISPATCHES).containsExactly("/later/a REQUEST");
    }

    @Test
    void aValueCompletedWhileTheFirstDispatchIsStillInTheFiltersIsWrittenWhenItLeavesThem() throws Exception {
        leaveFilters = new CountDownLatch(1);
        inFiltersAfterHandler = new CountDownLatch(1);
        try {
            CompletableFuture<HttpResponse<String>> answer = get("/held/b");
            assertThat(inFiltersAfterHandler.await(10, TimeUnit.SECONDS)).isTrue();

            Thread completer = new Thread(() -> stage("b").complete(ResponseEntity.ok(new Thing("b", 2))),
                    "the-completer");
            completer.start();
            completer.join(10_000);
            assertThat(WRITERS).as("nothing written while the filters hold the response").isEmpty();
            leaveFilters.countDown();
            HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"name\":\"b\",\"n\":2}");
            assertThat(WRITERS).singleElement().asString().startsWith("/held/b http-nio-")
                    .doesNotContain("the-completer");
            assertThat(DISPATCHES).containsExactly("/held/b REQUEST");
        } finally {
            leaveFilters.countDown();
        }
    }

    @Test
    void aStageAlreadyCompleteIsAnsweredWithoutASecondDispatch() throws Exception {
        HttpResponse<String> response = get("/now").get(10, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"name\":\"now\",\"n\":3}");
        assertThat(DISPATCHES).containsExactly("/now REQUEST");
    }

    @Test
    void aFailedStageIsAnsweredOnTheSecondDispatchByTheExceptionHandlersWithItsCauseUnwrapped() throws Exception {
        CompletableFuture<HttpResponse<String>> answer = get("/later/c");
        stage("c").completeExceptionally(new CompletionException(new IllegalArgumentException("no such thing")));
        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"detail\":\"no such thing\"");
        assertThat(DISPATCHES).containsExactly("/later/c REQUEST", "/later/c ASYNC");
    }

    @Test
    void aValueThatCannotBeWrittenIsAnsweredOnTheSecondDispatchAsSpringAnswersIt() throws Exception {
        CompletableFuture<HttpResponse<String>> answer = get("/later/d");
        stage("d").complete(new Unwritable("d"));
        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("\"name\"");
        assertThat(DISPATCHES).startsWith("/later/d REQUEST", "/later/d ASYNC");
    }

    @Test
    void aStageNotCompleteWithinTheTimeoutIsSpringsTimeoutAnswerAndItsLateValueIsNotWritten() throws Exception {
        RequestMappingHandlerAdapter adapter = service.getBean(RequestMappingHandlerAdapter.class);
        Object timeout = ReflectionTestUtils.getField(adapter, "asyncRequestTimeout");
        HttpResponse<String> response;
        adapter.setAsyncRequestTimeout(300);
        try {
            response = get("/later/e").get(10, TimeUnit.SECONDS);
        } finally {
            ReflectionTestUtils.setField(adapter, "asyncRequestTimeout", timeout);
        }
        assertThat(response.statusCode()).isEqualTo(503);

        AtomicBoolean lateValueRead = new AtomicBoolean();
        assertThat(stage("e").complete(new ResponseEntity<>(new Thing("e", 5), HttpStatus.OK) {
            @Override
            public HttpHeaders getHeaders() {
                lateValueRead.set(true);
                return super.getHeaders();
            }
        })).isTrue();
        assertThat(lateValueRead).as("the late value is not even read for writing").isFalse();
        HttpResponse<String> next = get("/now").get(10, TimeUnit.SECONDS);

        assertThat(next.body()).isEqualTo("{\"name\":\"now\",\"n\":3}");
        assertThat(WRITERS).as("the late value of /later/e is not written").singleElement().asString()
                .startsWith("/now ");
        assertThat(DISPATCHES).startsWith("/later/e REQUEST", "/later/e ASYNC").endsWith("/now REQUEST");
    }

    @Test
    void aStageOfAResponseEntityIsWrittenWithItsStatusHeadersAndBody() throws Exception {
        CompletableFuture<HttpResponse<String>> answer = get("/typed/f");
        CompletableFuture<Object> stage = stage("f");
        assertThat(firstDispatchLeft.await(10, TimeUnit.SECONDS)).isTrue();
        stage.complete(ResponseEntity.status(HttpStatus.CONFLICT).header("Retry-After", "5").body(new Thing("f", 6)));
        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).isEqualTo("{\"name\":\"f\",\"n\":6}");
        assertThat(DISPATCHES).containsExactly("/typed/f REQUEST");
    }

    @Test
    void aHandlersResponseStatusAndAListAreWrittenAsSpringWritesThem() throws Exception {
        HttpResponse<String> accepted = get("/accepted").get(10, TimeUnit.SECONDS);
        HttpResponse<String> list = get("/list").get(10, TimeUnit.SECONDS);
        HttpResponse<String> nothing = get("/nothing").get(10, TimeUnit.SECONDS);

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).isEqualTo("{\"name\":\"accepted\",\"n\":7}");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).isEqualTo("[{\"name\":\"x\",\"n\":1},{\"name\":\"y\",\"n\":2}]");
        assertThat(nothing.statusCode()).isEqualTo(200);
        assertThat(nothing.body()).isEmpty();
        assertThat(DISPATCHES).containsExactly("/accepted REQUEST", "/list REQUEST", "/nothing REQUEST");
    }

    private static CompletableFuture<Object> stage(String name) {
        await().atMost(Duration.ofSeconds(10)).until(() -> STAGES.containsKey(name));
        return STAGES.get(name);
    }

    private static CompletableFuture<HttpResponse<String>> get(String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
        ErrorMvcAutoConfiguration.class, AnswerAutoConfiguration.class})
    @Import({Handlers.class, Writers.class})
    static class Service {

        /** Inside the answer filter: counts every dispatch and can hold a first dispatch after its handler. */
        @Bean
        FilterRegistrationBean<Filter> dispatches() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                HttpServletRequest http = (HttpServletRequest) request;
                DISPATCHES.add(http.getRequestURI() + " " + request.getDispatcherType());
                chain.doFilter(request, response);
                if (request.getDispatcherType() == DispatcherType.REQUEST && http.getRequestURI().startsWith("/held")) {
                    inFiltersAfterHandler.countDown();
                    try {
                        leaveFilters.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
            registration.setOrder(0);
            return registration;
        }

        /** Outside every other filter: tells when a request's first dispatch has left them all. */
        @Bean
        FilterRegistrationBean<Filter> firstDispatchEnds() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                chain.doFilter(request, response);
                if (request.getDispatcherType() == DispatcherType.REQUEST) {
                    firstDispatchLeft.countDown();
                }
            });
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }

    @RestController
    static class Handlers {

        @GetMapping({"/later/{name}", "/held/{name}"})
        CompletableFuture<Object> later(@PathVariable String name) {
            CompletableFuture<Object> stage = new CompletableFuture<>();
            STAGES.put(name, stage);
            return stage;
        }

        @GetMapping("/typed/{name}")
        @SuppressWarnings("unchecked")
        CompletableFuture<ResponseEntity<Thing>> typed(@PathVariable String name) {
            CompletableFuture<ResponseEntity<Thing>> stage = new CompletableFuture<>();
            STAGES.put(name, (CompletableFuture<Object>) (CompletableFuture<?>) stage);
            return stage;
        }

        @GetMapping("/now")
        CompletableFuture<Thing> now() {
            return CompletableFuture.completedFuture(new Thing("now", 3));
        }

        @GetMapping("/accepted")
        @ResponseStatus(HttpStatus.ACCEPTED)
        CompletableFuture<Thing> accepted() {
            return CompletableFuture.supplyAsync(() -> new Thing("accepted", 7));
        }

        @GetMapping("/list")
        CompletableFuture<List<Thing>> list() {
            return CompletableFuture.supplyAsync(() -> List.of(new Thing("x", 1), new Thing("y", 2)));
        }

        @GetMapping("/nothing")
        CompletableFuture<Void> nothing() {
            return CompletableFuture.runAsync(() -> { });
        }

        @ExceptionHandler(IllegalArgumentException.class)
        ProblemDetail noSuchThing(IllegalArgumentException e) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        }
    }

    /** Records which thread wrote each answer's body (the write Spring MVC's handlers make). */
    @RestControllerAdvice
    static class Writers implements ResponseBodyAdvice<Object> {

        @Override
        public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
            return true;
        }

        @Override
        public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                ServerHttpResponse response) {
            if (body instanceof Thing) {
                WRITERS.add(request.getURI().getPath() + " " + Thread.currentThread().getName());
            }
            return body;
        }
    }
}
