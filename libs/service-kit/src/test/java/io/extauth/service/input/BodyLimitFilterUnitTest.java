package io.extauth.service.input;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BodyLimitFilterUnitTest {

    private static final int LIMIT = 64 * 1024;
    private static final long HUGE = 400L * 1024 * 1024;

    private final List<LateBodies.Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final LateBodies lateBodies = new LateBodies(1, Duration.ofMillis(20), Duration.ofMillis(300),
            outcomes::add);
    private final BodyLimitFilter filter = new BodyLimitFilter(LIMIT, lateBodies);

    @Test
    void aBodyDeclaredLargerThanTheLimitIsAnswered413UnreadAndTheChainNeverRuns() throws Exception {
        GeneratedBody body = new GeneratedBody(HUGE);
        StreamingRequest request = new StreamingRequest(body, HUGE);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicBoolean chainRan = new AtomicBoolean();

        filter.doFilter(request, response, (req, res) -> chainRan.set(true));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"status\":413");
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        assertThat(chainRan).isFalse();
        assertThat(body.handedOut).isZero();
    }

    @Test
    void aChunkedBodyIsAnswered413OneBytePastTheLimitBeforeAnythingElseReadsIt() throws Exception {
        GeneratedBody body = new GeneratedBody(HUGE);
        StreamingRequest request = new StreamingRequest(body, -1);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicBoolean chainRan = new AtomicBoolean();

        filter.doFilter(request, response, (req, res) -> chainRan.set(true));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentAsString()).contains("https://extauth.io/problems/body-too-large");
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        assertThat(chainRan).isFalse();
        assertThat(body.handedOut).isEqualTo(LIMIT + 1);
    }

    @Test
    void aBodyWhoseContentTypeHasAWildcardIsAnswered415UnreadAndTheChainNeverRuns() throws Exception {
        for (String type : List.of("application/*+json", "application/*", "*/*", "*/*; charset=UTF-8")) {
            GeneratedBody body = new GeneratedBody(100);
            StreamingRequest request = new StreamingRequest(body, 100);
            request.setContentType(type);
            MockHttpServletResponse response = new MockHttpServletResponse();
            AtomicBoolean chainRan = new AtomicBoolean();

            filter.doFilter(request, response, (req, res) -> chainRan.set(true));

            assertThat(response.getStatus()).as(type).isEqualTo(415);
            assertThat(response.getContentAsString()).contains("https://extauth.io/problems/unsupported-media-type");
            assertThat(chainRan).as(type).isFalse();
            assertThat(body.handedOut).as(type).isZero();
        }
    }

    @Test
    void aContentTypeWithAWildcardIsAnswered415EvenWithoutABody() throws Exception {
        for (long declared : new long[] {0, -1}) {
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/challenges");
            request.setContentType("application/*+json");
            if (declared == 0) {
                request.addHeader("Content-Length", "0");
            }
            MockHttpServletResponse response = new MockHttpServletResponse();
            AtomicBoolean chainRan = new AtomicBoolean();

            filter.doFilter(request, response, (req, res) -> chainRan.set(true));

            assertThat(response.getStatus()).as("declared %d", declared).isEqualTo(415);
            assertThat(chainRan).isFalse();
        }
    }

    @Test
    void anAcceptHeaderThatCannotBeParsedIsA406ProblemBeforeTheChainAndAParsableOneIsLeftAlone() throws Exception {
        for (String[] accepts : new String[][] {{"application/"}, {"json"}, {"application/json", "text/;q=1"}}) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/no-such-thing");
            for (String accept : accepts) {
                request.addHeader("Accept", accept);
            }
            MockHttpServletResponse response = new MockHttpServletResponse();
            AtomicBoolean chainRan = new AtomicBoolean();

            filter.doFilter(request, response, (req, res) -> chainRan.set(true));

            assertThat(response.getStatus()).as(String.join(" + ", accepts)).isEqualTo(406);
            assertThat(response.getContentType()).startsWith("application/problem+json");
            // refused unread: a body is not swallowed after the answer, outside the late bodies' places
            assertThat(response.getHeader("Connection")).isEqualTo("close");
            assertThat(request.getAttribute(BodyLimitFilter.REFUSED_UNREAD)).isNotNull();
            assertThat(chainRan).isFalse();
        }
        for (String accept : new String[] {"application/json", "*/*", "application/yaml;q=0.9, text/html", " "}) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/no-such-thing");
            request.addHeader("Accept", accept);
            AtomicBoolean chainRan = new AtomicBoolean();

            filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> chainRan.set(true));

            assertThat(chainRan).as(accept).isTrue();
        }
    }

    @Test
    void aConcreteOrUnparsableContentTypeIsLeftToTheHandlersWhichAnswerItsOwn415() {
        assertThat(BodyLimitFilter.namesNoFormat(null)).isFalse();
        assertThat(BodyLimitFilter.namesNoFormat("application/json")).isFalse();
        assertThat(BodyLimitFilter.namesNoFormat("application/vnd.spring-boot.actuator.v3+json")).isFalse();
        assertThat(BodyLimitFilter.namesNoFormat("application/yaml")).isFalse();
        assertThat(BodyLimitFilter.namesNoFormat("not a type;;")).isFalse();
        assertThat(BodyLimitFilter.namesNoFormat("application/*+json")).isTrue();
    }

    @Test
    void aBodyOfExactlyTheLimitIsReadWholeAsAStreamAndAsText() throws Exception {
        int[] read = new int[2];

        filter.doFilter(new StreamingRequest(new GeneratedBody(LIMIT), -1), new MockHttpServletResponse(),
                (req, res) -> read[0] = req.getInputStream().readAllBytes().length);
        filter.doFilter(new StreamingRequest(new GeneratedBody(LIMIT), LIMIT), new MockHttpServletResponse(),
                (req, res) -> read[1] = req.getReader().lines().mapToInt(String::length).sum());

        assertThat(read).containsExactly(LIMIT, LIMIT);
    }

    @Test
    void aBodyThatCameWithItsRequestTakesNoPlaceEvenWhenNoneIsFree() throws Exception {
        assertThat(lateBodies.tryEnter()).as("the one place, taken").isTrue();
        byte[] json = "{\"accountId\":\"1234\"}".getBytes(StandardCharsets.UTF_8);
        StreamingRequest request = new StreamingRequest(new ArrivedBody(json), json.length);
        String[] handed = new String[1];

        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> handed[0] = new String(
                req.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

        assertThat(handed[0]).isEqualTo("{\"accountId\":\"1234\"}");
        assertThat(outcomes).isEmpty();
    }

    @Test
    void aLateBodyWithNoPlaceFreeIsAnswered503AtOnceUnreadAndTheChainNeverRuns() throws Exception {
        assertThat(lateBodies.tryEnter()).as("the one place, taken").isTrue();
        GeneratedBody body = new GeneratedBody(100);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicBoolean chainRan = new AtomicBoolean();

        filter.doFilter(new StreamingRequest(body, 100), response, (req, res) -> chainRan.set(true));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        assertThat(response.getContentAsString()).contains("https://extauth.io/problems/late-bodies-busy");
        assertThat(chainRan).isFalse();
        assertThat(body.handedOut).as("nothing came with the request, nothing waited for").isZero();
        assertThat(outcomes).containsExactly(LateBodies.Outcome.REFUSED);
    }

    @Test
    void aLateBodyThatComesWithinTheDeadlineIsReadInAPlaceThatIsGivenBack() throws Exception {
        LateBodies patient = new LateBodies(1, Duration.ZERO, Duration.ofSeconds(10), outcomes::add);
        StreamingRequest request = new StreamingRequest(new TrickledBody(10, Duration.ofMillis(5)), 10);
        int[] read = new int[1];

        new BodyLimitFilter(LIMIT, patient).doFilter(request, new MockHttpServletResponse(), (req, res) -> read[0] =
                req.getInputStream().readAllBytes().length);

        assertThat(read[0]).isEqualTo(10);
        assertThat(outcomes).containsExactly(LateBodies.Outcome.READ);
        assertThat(patient.waiting()).isZero();
    }

    @Test
    void aLateBodyWaitsForAPlaceThatComesFreeWithinThePlaceWait() throws Exception {
        LateBodies briefly = new LateBodies(1, Duration.ofSeconds(5), Duration.ofSeconds(10), outcomes::add);
        assertThat(briefly.tryEnter()).as("the one place, taken by another late body").isTrue();
        Thread other = new Thread(() -> {
            try {
                Thread.sleep(100); // the other body's last bytes come
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            briefly.leave(LateBodies.Outcome.READ);
        });
        other.start();
        int[] read = new int[1];

        new BodyLimitFilter(LIMIT, briefly).doFilter(new StreamingRequest(new GeneratedBody(10), 10),
                new MockHttpServletResponse(), (req, res) -> read[0] = req.getInputStream().readAllBytes().length);
        other.join();

        assertThat(read[0]).as("read in the place the other body gave back").isEqualTo(10);
        assertThat(outcomes).containsExactly(LateBodies.Outcome.READ, LateBodies.Outcome.READ);
    }

    @Test
    void aChunkedBodyTakesAPlaceEvenWhenAllOfItCameWithItsRequest() throws Exception {
        assertThat(lateBodies.tryEnter()).as("the one place, taken").isTrue();
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(new StreamingRequest(new ArrivedChunkedBody(json), -1), response, (req, res) -> { });

        assertThat(response.getStatus()).as("Tomcat's chunk parser may wait inside a read: never read outside a "
                + "place").isEqualTo(503);
        assertThat(outcomes).containsExactly(LateBodies.Outcome.REFUSED);
    }

    @Test
    void aLateBodyThatEndsBeforeItsDeclaredLengthIsAnswered400AndCountedBroken() throws Exception {
        InputStream cut = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new java.io.EOFException("Unexpected EOF read on the socket");
            }
        };
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicBoolean chainRan = new AtomicBoolean();

        filter.doFilter(new StreamingRequest(cut, 10), response, (req, res) -> chainRan.set(true));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("https://extauth.io/problems/unreadable-body");
        assertThat(chainRan).isFalse();
        assertThat(outcomes).containsExactly(LateBodies.Outcome.BROKEN);
        assertThat(lateBodies.waiting()).isZero();
    }

    @Test
    void aLateBodyStillComingAtTheDeadlineIsAnswered408AndItsPlaceGivenBack() throws Exception {
        TrickledBody body = new TrickledBody(1_000, Duration.ofMillis(20));
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicBoolean chainRan = new AtomicBoolean();
        long start = System.nanoTime();

        filter.doFilter(new StreamingRequest(body, 1_000), response, (req, res) -> chainRan.set(true));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300),
                Duration.ofMillis(2_000));
        assertThat(response.getStatus()).isEqualTo(408);
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        assertThat(response.getContentAsString()).contains("https://extauth.io/problems/body-too-slow");
        assertThat(chainRan).isFalse();
        assertThat(body.handedOut).as("what came before the deadline, a byte per 20 ms at most").isBetween(1, 16);
        assertThat(outcomes).containsExactly(LateBodies.Outcome.TOO_SLOW);
        assertThat(lateBodies.waiting()).isZero();
    }

    @Test
    void aLateBodyWhoseReadFailsIsAnswered408AndItsPlaceGivenBack() throws Exception {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new SocketTimeoutException("Read timed out");
            }
        };
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(new StreamingRequest(broken, 10), response, (req, res) -> { });

        assertThat(response.getStatus()).isEqualTo(408);
        assertThat(outcomes).containsExactly(LateBodies.Outcome.TOO_SLOW);
        assertThat(lateBodies.waiting()).isZero();
    }

    @Test
    void aRequestWithoutABodyIsHandedOnAsItCame() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
        Object[] handed = new Object[1];

        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> handed[0] = req);

        assertThat(handed[0]).isSameAs(request);
    }

    @Test
    void aQueryParameterWithANulIsAnswered400NamingIt() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
        request.setQueryString("status=ACTIVE&accountId=12%0034");
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicBoolean chainRan = new AtomicBoolean();

        filter.doFilter(request, response, (req, res) -> chainRan.set(true));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("'accountId'").contains("NUL")
                .contains("\"type\":\"about:blank\"");
        assertThat(response.getHeader("Connection")).as("refused unread: no body swallowed after it").isEqualTo("close");
        assertThat(chainRan).isFalse();
    }

    @Test
    void ordinaryQueryParametersPass() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
        request.setQueryString("accountId=1234&to=%2B12015550147&flag");
        AtomicBoolean chainRan = new AtomicBoolean();

        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> chainRan.set(true));

        assertThat(chainRan).isTrue();
    }

    /** A request whose body comes from a generator, with or without a declared length. */
    private static final class StreamingRequest extends MockHttpServletRequest {

        private final ServletInputStream stream;
        private final long declaredLength;

        StreamingRequest(InputStream body, long declaredLength) {
            super("POST", "/callbacks/telephony");
            this.stream = new NetworkStream(body);
            this.declaredLength = declaredLength;
            setCharacterEncoding(StandardCharsets.UTF_8.name());
            if (declaredLength < 0) {
                addHeader("Transfer-Encoding", "chunked");
            }
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream;
        }

        @Override
        public long getContentLengthLong() {
            return declaredLength;
        }

        @Override
        public int getContentLength() {
            return (int) Math.min(Integer.MAX_VALUE, declaredLength);
        }
    }

    /**
     * A body as the container hands it out: a read gives what the source has and waits only if it has nothing (Spring's
     * {@code DelegatingServletInputStream} would fill the whole buffer a byte at a time).
     */
    private static final class NetworkStream extends ServletInputStream {

        private final InputStream source;

        NetworkStream(InputStream source) {
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            return source.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return source.read(buffer, offset, length);
        }

        @Override
        public int available() throws IOException {
            return source.available();
        }

        @Override
        public boolean isFinished() {
            return false;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(jakarta.servlet.ReadListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    /** {@code size} bytes of JSON-ish text made up on demand, counting how many were handed out. */
    static final class GeneratedBody extends InputStream {

        private final long size;
        long handedOut;

        GeneratedBody(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (handedOut >= size) {
                return -1;
            }
            handedOut++;
            return 'a';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (handedOut >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - handedOut);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'a');
            handedOut += n;
            return n;
        }
    }

    /** A body all of which came with its request: the container holds it, {@code available()} says so. */
    static final class ArrivedBody extends java.io.ByteArrayInputStream {

        ArrivedBody(byte[] body) {
            super(body);
        }
    }

    /**
     * A chunked body all of which, its last chunk too, the container holds: as Tomcat's chunked filter does, it says
     * something is there until the end has been read.
     */
    static final class ArrivedChunkedBody extends java.io.ByteArrayInputStream {

        private boolean endRead;

        ArrivedChunkedBody(byte[] body) {
            super(body);
        }

        @Override
        public synchronized int available() {
            return endRead ? 0 : super.available() + 1;
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) {
            int n = super.read(buffer, offset, length);
            endRead = n < 0;
            return n;
        }
    }

    /** {@code size} bytes that come one at a time, {@code pause} apart, none of them there before it is read. */
    static final class TrickledBody extends InputStream {

        private final int size;
        private final Duration pause;
        int handedOut;

        TrickledBody(int size, Duration pause) {
            this.size = size;
            this.pause = pause;
        }

        @Override
        public int read() throws IOException {
            if (handedOut >= size) {
                return -1;
            }
            try {
                Thread.sleep(pause.toMillis()); // the network's pace
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            handedOut++;
            return ' ';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int b = read();
            if (b < 0) {
                return -1;
            }
            buffer[offset] = (byte) b;
            return 1;
        }
    }
}
