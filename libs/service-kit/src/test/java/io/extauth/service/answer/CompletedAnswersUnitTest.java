package io.extauth.service.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.async.StandardServletAsyncWebRequest;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.HttpEntityMethodProcessor;

/**
 * Who answers when the container's timeout or error comes while a stage is pending or its value is being written:
 * the container's events played on Spring's own asynchronous request, as the container would send them.
 */
class CompletedAnswersUnitTest {

    record Thing(String name) {
    }

    static class Handlers {
        CompletableFuture<ResponseEntity<Thing>> later() {
            return new CompletableFuture<>();
        }
    }

    private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/later");
    private final MockHttpServletResponse response = new MockHttpServletResponse();
    private final CompletableFuture<ResponseEntity<Thing>> stage = new CompletableFuture<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private MockAsyncContext async;

    @BeforeEach
    void aRequestWaitingForItsStage() throws Exception {
        request.setAsyncSupported(true);
        StandardServletAsyncWebRequest webRequest = new StandardServletAsyncWebRequest(request, response);
        WebAsyncUtils.getAsyncManager(request).setAsyncWebRequest(webRequest);
        FirstDispatch dispatch = new FirstDispatch();
        request.setAttribute(FirstDispatch.ATTRIBUTE, dispatch);
        CompletedAnswers answers = new CompletedAnswers(
                List.of(new HttpEntityMethodProcessor(List.of(new JacksonJsonHttpMessageConverter()))));

        answers.handleReturnValue(stage, new MethodParameter(Handlers.class.getDeclaredMethod("later"), -1),
                new ModelAndViewContainer(), webRequest);
        dispatch.ended();
        async = (MockAsyncContext) request.getAsyncContext();
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                events.add("completed");
            }

            @Override
            public void onTimeout(AsyncEvent event) {
            }

            @Override
            public void onError(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
    }

    @Test
    void aValueAfterTheCallerWentAwayIsNotWritten() throws IOException {
        for (AsyncListener listener : List.copyOf(async.getListeners())) {
            listener.onError(new AsyncEvent(async, new IOException("Connection reset by peer")));
        }
        AtomicBoolean read = new AtomicBoolean();

        stage.complete(new ResponseEntity<>(new Thing("late"), HttpStatus.CREATED) {
            @Override
            public HttpHeaders getHeaders() {
                read.set(true);
                return super.getHeaders();
            }
        });

        assertThat(read).as("the value is not even read for writing").isFalse();
        assertThat(response.getContentAsString()).isEmpty();
    }

    @Test
    void theTimeoutWhileTheValueIsBeingWrittenWaitsUntilTheRequestIsCompleted() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch mayWrite = new CountDownLatch(1);
        Thread completer = new Thread(() -> stage.complete(new ResponseEntity<>(new Thing("made"), HttpStatus.CREATED) {
            @Override
            public HttpHeaders getHeaders() {
                writing.countDown();
                hold(mayWrite);
                return super.getHeaders();
            }
        }), "completer");
        completer.start();
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        Thread timeout = new Thread(() -> {
            for (AsyncListener listener : List.copyOf(async.getListeners())) {
                try {
                    listener.onTimeout(new AsyncEvent(async));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            events.add("timeout handled");
        }, "timeout");
        timeout.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> timeout.getState() == Thread.State.TIMED_WAITING);
        assertThat(events).as("the timeout waits for the value's write").isEmpty();

        mayWrite.countDown();
        completer.join(10_000);
        timeout.join(10_000);

        assertThat(events).containsExactly("completed", "timeout handled");
        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getContentAsString()).isEqualTo("{\"name\":\"made\"}");
        assertThat(async.getDispatchedPath()).as("no second dispatch, no timeout answer").isNull();
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
