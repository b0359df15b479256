package io.extauth.service.input;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpEntity;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a request whose {@code Accept} admits no JSON type before its handler runs, when the handler is one of
 * extauth's and answers with a body: every answer is JSON ({@link JsonOnly}), and Spring would find that out only
 * when it writes the answer, after the handler placed the order or the call. A 406 problem, and nothing done.
 */
final class JsonAnswers implements HandlerInterceptor {

    static final List<MediaType> ANSWERED = List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);

    /** What Spring unwraps to find the body a handler answers with, later or with a status and headers. */
    private static final List<Class<?>> WRAPPERS = List.of(HttpEntity.class, CompletionStage.class, Future.class,
            DeferredResult.class, Callable.class, WebAsyncTask.class);

    private final Map<Method, Boolean> answersWithABody = new ConcurrentHashMap<>();

    /** Libraries' handlers answer in their own formats (the API documents' YAML): only ours are JSON only. */
    private static final String OUR_PACKAGE = "io.extauth.";

    /** What the JSON converter writes: {@code application/json} and any {@code application/…+json}. */
    private static final MediaType ANY_JSON = new MediaType("application", "*+json");

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotAcceptableException {
        if (request.getDispatcherType() != DispatcherType.ASYNC && handler instanceof HandlerMethod method
                && method.getBeanType().getName().startsWith(OUR_PACKAGE)
                && answersWithABody.computeIfAbsent(method.getMethod(), m -> answersWithABody(method.getReturnType()))
                && !admitsJson(accept(request))) {
            throw new HttpMediaTypeNotAcceptableException(ANSWERED);
        }
        return true;
    }

    /** Every Accept header the request has, as one list (Spring reads them all); null when it has none. */
    private static @Nullable String accept(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Accept");
        if (headers == null || !headers.hasMoreElements()) {
            return null;
        }
        String first = headers.nextElement();
        if (!headers.hasMoreElements()) {
            return first;
        }
        StringBuilder all = new StringBuilder(first);
        while (headers.hasMoreElements()) {
            all.append(", ").append(headers.nextElement());
        }
        return all.toString();
    }

    /**
     * Whether a handler answers with a body: not one that returns nothing, or nothing later ({@code void}, {@code Void},
     * {@code ResponseEntity<Void>}, {@code CompletableFuture<Void>} …), for which Spring never looks at the Accept.
     */
    static boolean answersWithABody(MethodParameter returnType) {
        ResolvableType type = ResolvableType.forMethodParameter(returnType);
        for (int depth = 0; depth < 4 && isWrapper(type.toClass()); depth++) {
            type = type.getGeneric(0);
        }
        Class<?> answered = type.toClass();
        return answered != void.class && answered != Void.class;
    }

    private static boolean isWrapper(Class<?> type) {
        for (Class<?> wrapper : WRAPPERS) {
            if (wrapper.isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an Accept header admits JSON: none at all, a wildcard, or a JSON type; unparsable, Spring's 406. */
    static boolean admitsJson(@Nullable String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON)
                            || type.isCompatibleWith(ANY_JSON));
        } catch (InvalidMediaTypeException unparsable) {
            return false;
        }
    }
}
