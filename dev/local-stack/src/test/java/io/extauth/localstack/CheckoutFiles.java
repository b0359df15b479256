package io.extauth.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checkout's own files under a directory, for tests that read the sources: build output ({@code target}), the
 * local stack's homes ({@code .extauth}), {@code .git} and {@code node_modules} are not entered. A walk through them
 * with {@code Files.walk} failed when a file went away under it, as a second test JVM's files in {@code target} do.
 */
public final class CheckoutFiles {

    private static final Set<String> NOT_SOURCES = Set.of("target", ".extauth", ".git", "node_modules");

    private CheckoutFiles() {
    }

    /** Every regular file under {@code root} but in those directories; one that goes away while walking is left out. */
    public static List<Path> under(Path root) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    return !directory.equals(root) && NOT_SOURCES.contains(String.valueOf(directory.getFileName()))
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException failed) throws IOException {
                    if (failed instanceof NoSuchFileException && !file.equals(root)) {
                        return FileVisitResult.CONTINUE; // gone while walking
                    }
                    throw failed;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
