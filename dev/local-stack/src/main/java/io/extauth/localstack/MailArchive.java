package io.extauth.localstack;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * The e-mails the stack received, on disk: one raw RFC 822 file per message, named after its receipt time
 * ({@code <epoch second>.<nanos>-<random>.eml}), so a restarted stack still lists what it received before. Each file
 * is written under a temporary name and moved into place: a killed stack leaves whole messages, never half of one.
 * <p>
 * What the read API shows of each file is also appended to {@link #INDEX}, one JSON line per file, once the file is in
 * place, so a restart reads those lines instead of parsing every message again (a mailbox after a benchmark holds
 * thousands: parsing them was seconds of every warm start, issue 14). A file without a line (received before the
 * index existed, or a stack killed between the move and the append) is parsed at the next start and then indexed; a
 * line whose file is gone is dropped; a line that cannot be read (half written by a kill) is ignored.
 */
final class MailArchive {

    private static final Pattern NAME = Pattern.compile("^(\\d+)\\.(\\d{9})-[0-9a-f]+\\.eml$");
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String INDEX = "index.jsonl";

    /** One archived message: when the stack received it and what the read API shows of it. */
    record Entry(Instant receivedAt, ReceivedMail mail) {

        static final Comparator<Entry> OLDEST_FIRST = Comparator.comparing(Entry::receivedAt);
    }

    /** A line of the index: the file's name and what the read API shows of it. */
    private record IndexLine(String file, ReceivedMail mail) {
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
        Map<String, ReceivedMail> indexed = readIndex();
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                Matcher name = NAME.matcher(fileName);
                if (name.matches()) {
                    Instant receivedAt = Instant.ofEpochSecond(Long.parseLong(name.group(1)),
                            Long.parseLong(name.group(2)));
                    ReceivedMail mail = indexed.get(fileName);
                    if (mail == null) {
                        mail = parse(Files.readAllBytes(file), receivedAt, file);
                        index(fileName, mail);
                    }
                    entries.add(new Entry(receivedAt, mail));
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
        ReceivedMail mail = parse(bytes, receivedAt, file);
        index(name, mail);
        return new Entry(receivedAt, mail);
    }

    private Map<String, ReceivedMail> readIndex() {
        Path index = directory.resolve(INDEX);
        Map<String, ReceivedMail> indexed = new HashMap<>();
        if (!Files.exists(index)) {
            return indexed;
        }
        try {
            // decoded leniently: a character cut by a kill spoils its own line only
            for (String line : new String(Files.readAllBytes(index), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    IndexLine read = JSON.readValue(line, IndexLine.class);
                    indexed.put(read.file(), read.mail());
                } catch (JacksonException e) {
                    // half written by a killed stack: its file is parsed again
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the index of the received e-mails " + index, e);
        }
        return indexed;
    }

    /** Appends the file's line; one that is lost only means the file is parsed again at the next start. */
    private void index(String fileName, ReceivedMail mail) {
        try {
            // a line of its own even after a half line a killed stack left
            Files.writeString(directory.resolve(INDEX), "\n" + JSON.writeValueAsString(new IndexLine(fileName, mail))
                    + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("GreenMail: " + fileName + " was not indexed (parsed again at the next start): "
                    + e.getMessage());
        }
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
