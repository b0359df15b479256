package io.extauth.service.vendor;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A vendor's answer read up to {@value #MAX_BYTES} bytes (a vendor's answers are a few hundred): once more has been
 * read, every read fails, so a vendor that sends more, broken or hostile, costs the calling thread at most that much
 * memory and the call fails as unreadable, where reading it whole would fill the heap. The request factories of both
 * services that call vendors wrap every answer's body in one.
 */
public final class BoundedAnswer extends FilterInputStream {

    public static final int MAX_BYTES = 64 * 1024;

    private long left = MAX_BYTES;

    public BoundedAnswer(InputStream answer) {
        super(answer);
    }

    /** Whether more than {@link #MAX_BYTES} have been read: the rest of the answer is not worth reading. */
    public boolean overBound() {
        return left < 0;
    }

    @Override
    public int read() throws IOException {
        failOverBound();
        int b = super.read();
        if (b != -1) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        failOverBound();
        int read = super.read(into, offset, (int) Math.min(length, left + 1));
        if (read > 0) {
            count(read);
        }
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        failOverBound();
        long skipped = super.skip(Math.min(n, left + 1));
        count(skipped);
        return skipped;
    }

    private void count(long bytes) throws IOException {
        left -= bytes;
        failOverBound();
    }

    /** Once over the bound, every read fails (a read of none would return 0, and a drain would never end). */
    private void failOverBound() throws IOException {
        if (overBound()) {
            throw new IOException("the vendor's answer is longer than " + MAX_BYTES + " bytes");
        }
    }
}
