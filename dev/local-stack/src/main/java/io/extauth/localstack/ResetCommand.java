package io.extauth.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code reset}: forget every topic, record, table, received e-mail and simulator state; the keys stay. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        header = "Delete the stack's data (not its keys); refused while it runs.",
        description = "Delete the Kafka, PostgreSQL, mail and simulator data (not the keys). Refuses while a stack runs.")
final class ResetCommand implements Callable<Integer> {

    @Mixin HomeOptions home;

    @Override
    public Integer call() throws IOException {
        Optional<String> pid = UpLock.runningPid(home.home());
        if (pid.isPresent()) {
            System.err.println("a stack is running from " + home.home() + " (pid " + pid.get() + "); stop it with Ctrl-C first");
            return 1;
        }
        Path data = home.dataDir();
        if (!Files.exists(data)) {
            System.out.println("nothing to delete: " + data + " does not exist");
            return 0;
        }
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        System.out.println("deleted " + data);
        return 0;
    }
}
