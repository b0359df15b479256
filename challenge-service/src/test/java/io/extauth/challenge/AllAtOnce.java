package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs requests each on its own thread, all released by one start gate, and returns their answers in order. */
final class AllAtOnce {

    private AllAtOnce() {
    }

    static <T> List<T> times(int times, Supplier<T> request) throws Exception {
        return all(Collections.nCopies(times, request));
    }

    static <T> List<T> all(List<? extends Supplier<T>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        CountDownLatch ready = new CountDownLatch(requests.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Supplier<T> request : requests) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return request.get();
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
