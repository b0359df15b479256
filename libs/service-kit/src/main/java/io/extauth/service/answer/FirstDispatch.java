package io.extauth.service.answer;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The end of a request's first dispatch, met by its asynchronous answer: whichever of the two comes second writes the
 * answer. Until the container's thread has left {@link WholeAnswerFilter}, the response is still the dispatcher's and
 * Spring Security's (its headers are written as the chain unwinds), and a response is not safe for two threads at
 * once; after it, the thread that completed the work may write the answer itself (the filters outside it, the body
 * limit's and the observation's, touch only the request as they unwind).
 *
 * <p>{@link WholeAnswerFilter} opens one for each request and ends it when the request's first dispatch leaves it;
 * {@link CompletedAnswers} hands it the answer's write. The hand-over through the atomic reference is also what makes
 * everything the container's thread did to the response visible to the thread that writes.
 */
final class FirstDispatch {

    /** The request attribute that carries a request's first dispatch to the handler of its answer. */
    static final String ATTRIBUTE = FirstDispatch.class.getName();

    private static final Object OPEN = new Object();
    private static final Object ENDED = new Object();

    /** {@link #OPEN}, {@link #ENDED}, or the answer's write waiting for the end. */
    private final AtomicReference<Object> state = new AtomicReference<>(OPEN);

    /** The container's thread has left the filters: a waiting answer is written now, on this thread. */
    void ended() {
        Object before = state.getAndSet(ENDED);
        if (before instanceof Runnable write) {
            write.run();
        }
    }

    /** The answer is ready: written now when the dispatch has ended, otherwise by {@link #ended()}. */
    void answer(Runnable write) {
        if (!state.compareAndSet(OPEN, write)) {
            write.run();
        }
    }

    static @Nullable FirstDispatch of(@Nullable Object attribute) {
        return attribute instanceof FirstDispatch dispatch ? dispatch : null;
    }
}
