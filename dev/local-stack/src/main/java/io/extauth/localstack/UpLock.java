package io.extauth.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * {@code up.lock}: holds an operating-system file lock while a stack runs and names its pid, so {@code reset} and a
 * second {@code up} can tell. The lock dies with the process, so a killed run never leaves a stale lock behind.
 */
final class UpLock implements AutoCloseable {

    static final String FILE = "up.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private UpLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another process holds it. */
    static Optional<UpLock> tryAcquire(Path home) {
        try {
            StackSecrets.createHome(home);
            FileChannel channel = FileChannel.open(home.resolve(FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            return Optional.of(new UpLock(channel, lock));
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock " + home.resolve(FILE), e);
        }
    }

    /** The pid written by the stack that holds the lock, if one runs. */
    static Optional<String> runningPid(Path home) {
        if (!Files.exists(home.resolve(FILE))) {
            return Optional.empty();
        }
        Optional<UpLock> probe = tryAcquire(home);
        if (probe.isPresent()) {
            probe.get().close();
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(home.resolve(FILE), StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            return Optional.of("unknown");
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
