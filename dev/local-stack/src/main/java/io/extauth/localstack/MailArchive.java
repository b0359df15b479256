package io.extauth.localstack;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * The e-mails the stack received, on disk: one raw RFC 822 file per message, named after its receipt time
 * ({@code <epoch second>.<nanos>-<random>.eml}), so a restarted stack still lists what it received before. Each file
 * is written under a temporary name and moved into place: a killed stack leaves whole messages, never half of one.
 */
final class MailArchive {

    private static final Pattern NAME = Pattern.compile("^(\\d+)\\.(\\d{9})-[0-9a-f]+\\.eml$");
    private static final Session SESSION = Session.getInstance(new Properties());

    /** One archived message: when the stack received it and what the read API shows of it. */
    record Entry(Instant receivedAt, ReceivedMail mail) {

        static final Comparator<Entry> OLDEST_FIRST = Comparator.comparing(Entry::receivedAt);
    }

    private final Path directory;

    MailArchive(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** Every archived message, oldest first; none when the directory does not exist yet. */
    List<Entry> load() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                Matcher name = NAME.matcher(file.getFileName().toString());
                if (name.matches()) {
                    Instant receivedAt = Instant.ofEpochSecond(Long.parseLong(name.group(1)),
                            Long.parseLong(name.group(2)));
                    entries.add(new Entry(receivedAt, parse(Files.readAllBytes(file), receivedAt, file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the received e-mails in " + directory, e);
        }
        entries.sort(Entry.OLDEST_FIRST);
        return entries;
    }

    /** Writes the message as received and returns it as the read API shows it, as a reload would. */
    Entry save(MimeMessage message, Instant receivedAt) throws IOException, MessagingException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        byte[] bytes = raw.toByteArray();
        String name = String.format("%d.%09d-%s.eml", receivedAt.getEpochSecond(), receivedAt.getNano(),
                UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        Files.createDirectories(directory);
        Path temporary = directory.resolve(name + ".tmp");
        Files.write(temporary, bytes);
        Path file = directory.resolve(name);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Entry(receivedAt, parse(bytes, receivedAt, file));
    }

    private static ReceivedMail parse(byte[] raw, Instant receivedAt, Path file) {
        try {
            return MimeReader.read(new MimeMessage(SESSION, new ByteArrayInputStream(raw)), receivedAt);
        } catch (MessagingException | RuntimeException e) {
            throw new IllegalStateException("unreadable e-mail " + file + " (delete it, or ./extauth reset): "
                    + e.getMessage(), e);
        }
    }
}
