package io.extauth.service.answer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;
import org.springframework.web.context.request.async.WebAsyncManager;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.HandlerMethodReturnValueHandlerComposite;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * A handler's {@link CompletionStage} answered by the thread that completes it, without a second dispatch. Spring MVC
 * answers a stage on a second dispatch of the request: the completing thread wakes one of the container's threads,
 * which goes through the filters, Spring Security and the dispatcher again only to write the value (issue 14: a
 * PhoneFactor login is answered this way, once the telephony gateway has taken the call). Here the completing thread
 * writes the value itself, through the same return value handlers Spring MVC would use on that dispatch (content
 * negotiation, {@code ResponseEntity} status and headers, the message converters), and completes the request.
 *
 * <p>What stays Spring MVC's: a stage that fails, and a write that fails, are answered on the second dispatch exactly
 * as before (the exception handlers' problems, {@code CompletionException} unwrapped); the asynchronous timeout is
 * still Spring MVC's {@code AsyncRequestTimeoutException} and its problem answer. Who answers is decided once
 * ({@link Claim}): the completed value, or the timeout or an error (a caller gone), never both.
 *
 * <p>When it writes: never while the request's first dispatch is still in the services' filters ({@link
 * FirstDispatch}: whichever of the end of that dispatch and the completion comes second writes). Without {@link
 * WholeAnswerFilter} in front (a test's bare dispatcher), a stage is answered on the second dispatch as Spring MVC
 * does.
 *
 * <p>What a value's answer no longer gets, having no second dispatch: the handler interceptors' {@code postHandle}
 * and {@code afterCompletion} and the {@code DeferredResultProcessingInterceptor}s' {@code postProcess} for it, the
 * dispatch's {@code ServletRequestHandledEvent}, and the request's context on the writing thread
 * ({@code RequestContextHolder}, {@code LocaleContextHolder}, the observation's scope: a line logged while writing
 * carries no trace id). Nothing of the services relies on them.
 */
final class CompletedAnswers implements HandlerMethodReturnValueHandler {

    private static final Logger log = LoggerFactory.getLogger(CompletedAnswers.class);

    /** How long the timeout or an error waits for a value already being written (a write into memory). */
    private static final Duration WRITE_WAIT = Duration.ofSeconds(5);

    /** Spring MVC's own handlers, which write the completed value. */
    private final HandlerMethodReturnValueHandlerComposite mvcHandlers;

    CompletedAnswers(List<HandlerMethodReturnValueHandler> mvcHandlers) {
        this.mvcHandlers = new HandlerMethodReturnValueHandlerComposite().addHandlers(mvcHandlers);
    }

    /** Puts this handler ahead of Spring MVC's, whose own handler of a {@code CompletionStage} would answer first. */
    static void putFirst(RequestMappingHandlerAdapter adapter) {
        List<HandlerMethodReturnValueHandler> mvc = adapter.getReturnValueHandlers();
        if (mvc == null || mvc.stream().anyMatch(CompletedAnswers.class::isInstance)) {
            return;
        }
        List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>(mvc.size() + 1);
        handlers.add(new CompletedAnswers(mvc));
        handlers.addAll(mvc);
        adapter.setReturnValueHandlers(handlers);
    }

    @Override
    public boolean supportsReturnType(MethodParameter returnType) {
        return CompletionStage.class.isAssignableFrom(returnType.getParameterType());
    }

    @Override
    public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType,
            ModelAndViewContainer mavContainer, NativeWebRequest webRequest) throws Exception {
        if (returnValue == null) {
            mavContainer.setRequestHandled(true);
            return;
        }
        CompletionStage<?> work = (CompletionStage<?>) returnValue;
        DeferredResult<Object> secondDispatch = new DeferredResult<>();
        WebAsyncManager async = WebAsyncUtils.getAsyncManager(webRequest);
        FirstDispatch dispatch = FirstDispatch.of(
                webRequest.getAttribute(FirstDispatch.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
        Claim claim = new Claim();
        if (dispatch != null) {
            async.registerDeferredResultInterceptor(Claim.class, claim);
            // an error (the caller went away) or the request's end takes it too: a value after them is not written
            secondDispatch.onError(error -> claim.takeOrAwaitWrite());
            secondDispatch.onCompletion(claim::take);
        }
        // starts the request's asynchronous part: Spring MVC's timeout, its second dispatch when one is needed
        async.startDeferredResultProcessing(secondDispatch, mavContainer);
        work.whenComplete((value, failure) -> {
            if (failure != null) {
                secondDispatch.setErrorResult(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else if (dispatch == null) {
                secondDispatch.setResult(value);
            } else if (claim.take()) {
                dispatch.answer(() -> write(value, returnType, webRequest, secondDispatch, claim));
            }
        });
    }

    /** Writes the completed value as Spring MVC's second dispatch would, and completes the request. */
    private void write(@Nullable Object value, MethodParameter returnType, NativeWebRequest webRequest,
            DeferredResult<Object> secondDispatch, Claim claim) {
        try {
            HttpServletResponse response = webRequest.getNativeResponse(HttpServletResponse.class);
            try {
                mvcHandlers.handleReturnValue(value, new ValueParameter(returnType, value),
                        new ModelAndViewContainer(), webRequest);
            } catch (Throwable e) {
                // not written (an Error too): the second dispatch answers it, as Spring MVC answers a failed handler
                if (response != null && !response.isCommitted()) {
                    response.resetBuffer();
                }
                secondDispatch.setErrorResult(e);
                return;
            }
            HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
            if (request != null) {
                request.getAsyncContext().complete();
            }
        } catch (RuntimeException e) {
            // the request ended under the write (the container gave up on it): there is no one left to answer
            log.warn("A later answer could not be written: {}", e.toString());
        } finally {
            claim.written();
        }
    }

    /**
     * Who answers a request: its completed value, or Spring MVC (the timeout, an error); taken once. When the value
     * has it, the timeout and an error wait until the value's request is completed: the container answers a request
     * whose timeout or error listeners return without completing or dispatching it (a {@code 500}), and it must not
     * do so while the value is being written.
     */
    private static final class Claim implements DeferredResultProcessingInterceptor {

        private final AtomicBoolean taken = new AtomicBoolean();
        private final CountDownLatch written = new CountDownLatch(1);

        boolean take() {
            return taken.compareAndSet(false, true);
        }

        void written() {
            written.countDown();
        }

        /** Takes it for Spring MVC, or waits for the value's write: true when Spring MVC answers. */
        boolean takeOrAwaitWrite() {
            if (take()) {
                return true;
            }
            try {
                if (!written.await(WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("A later answer was still being written {} after its request timed out or failed",
                            WRITE_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        @Override
        public <T> boolean handleTimeout(NativeWebRequest request, DeferredResult<T> result) {
            // false when the value answers: the interceptors after this one (the timeout's 503) are skipped
            return takeOrAwaitWrite();
        }
    }

    /**
     * The return type as the value the stage completed with, as Spring MVC describes it on the second dispatch
     * ({@code ServletInvocableHandlerMethod}'s concurrent result): the value's class, the stage's type argument.
     */
    private static final class ValueParameter extends MethodParameter {

        private final MethodParameter stage;
        private final Class<?> type;
        private final Type genericType;

        ValueParameter(MethodParameter stage, @Nullable Object value) {
            super(stage);
            this.stage = stage;
            // a stage declared without its type argument (CompletionStage<?>): no generic type, as Spring MVC's own
            ResolvableType result = ResolvableType.forMethodParameter(stage).as(CompletionStage.class).getGeneric();
            this.genericType = result.getType();
            this.type = value != null ? value.getClass() : result.toClass();
        }

        private ValueParameter(ValueParameter original) {
            super(original);
            this.stage = original.stage;
            this.type = original.type;
            this.genericType = original.genericType;
        }

        // the handler's annotations as Spring MVC finds them (merged, from interfaces too): the stage's parameter's

        @Override
        public Annotation[] getMethodAnnotations() {
            return stage.getMethodAnnotations();
        }

        @Override
        public <A extends Annotation> @Nullable A getMethodAnnotation(Class<A> annotationType) {
            return stage.getMethodAnnotation(annotationType);
        }

        @Override
        public <A extends Annotation> boolean hasMethodAnnotation(Class<A> annotationType) {
            return stage.hasMethodAnnotation(annotationType);
        }

        @Override
        public Class<?> getParameterType() {
            return type;
        }

        @Override
        public Type getGenericParameterType() {
            return genericType;
        }

        @Override
        public ValueParameter clone() {
            return new ValueParameter(this);
        }
    }
}
