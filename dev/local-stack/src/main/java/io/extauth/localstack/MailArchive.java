package io.extauth.localstack;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

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
 * <p>
 * Only whom a message went to and when stay in memory ({@link Entry}); what the read API shows of it is read back
 * from its index line when asked. Keeping every message's text and HTML in memory made a stack home used for a few
 * benchmark runs (tens of thousands of e-mails) hold a hundred megabytes of the stack's 512 MiB heap for the read
 * API alone, and every collection paid for it (issue 14).
 */
final class MailArchive {

    private static final Pattern NAME = Pattern.compile("^(\\d+)\\.(\\d{9})-[0-9a-f]+\\.eml$");
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String INDEX = "index.jsonl";

    /**
     * One archived message: when the stack received it, its Message-ID and recipients, and where its index line is
     * ({@code indexAt}, {@code indexLength} bytes); {@code kept} holds what the read API shows only when the line
     * could not be written.
     */
    record Entry(Instant receivedAt, @Nullable String messageId, List<String> to, long indexAt, int indexLength,
            @Nullable ReceivedMail kept) {

        static final Comparator<Entry> OLDEST_FIRST = Comparator.comparing(Entry::receivedAt);

        boolean isAddressedTo(String address) {
            return to.stream().anyMatch(recipient -> recipient.equalsIgnoreCase(address));
        }
    }

    /** Where a line of the index is, and what a start keeps of it. */
    private record Indexed(long at, int length, Head mail) {
    }

    /** What a start reads of an index line: the file it is about, and its message's head. */
    private record IndexHead(String file, Head mail) {
    }

    /** What stays in memory of a message: its Message-ID and recipients. */
    private record Head(@Nullable String messageId, List<String> to) {
    }

    private static final ObjectReader HEADS = JSON.readerFor(IndexHead.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
        Map<String, Indexed> indexed = readIndex();
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                Matcher name = NAME.matcher(fileName);
                if (name.matches()) {
                    Instant receivedAt = Instant.ofEpochSecond(Long.parseLong(name.group(1)),
                            Long.parseLong(name.group(2)));
                    Indexed line = indexed.get(fileName);
                    entries.add(line != null ? entry(receivedAt, line.mail().messageId(), line.mail().to(), line.at(),
                            line.length())
                            : indexed(fileName, receivedAt, parse(Files.readAllBytes(file), receivedAt, file)));
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
        if (!Files.isDirectory(directory)) {
            // asked first: createDirectories on a directory that exists throws and catches two exceptions, per mail
            Files.createDirectories(directory);
        }
        Path temporary = directory.resolve(name + ".tmp");
        Files.write(temporary, bytes);
        Path file = directory.resolve(name);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // read from the message as received: the file holds what writeTo wrote of it, so a reload reads the same
        // (MailServerIntegrationTest), and parsing those bytes again was a sixth of the SMTP server's CPU (issue 14)
        return indexed(name, receivedAt, read(message, receivedAt, file));
    }

    /** What the read API shows of an archived message: read back from its index line. */
    ReceivedMail read(Entry entry) {
        ReceivedMail kept = entry.kept();
        if (kept != null) {
            return kept;
        }
        try (FileChannel index = FileChannel.open(directory.resolve(INDEX), StandardOpenOption.READ)) {
            ByteBuffer line = ByteBuffer.allocate(entry.indexLength());
            while (line.hasRemaining() && index.read(line, entry.indexAt() + line.position()) >= 0) {
                // a positional read may return fewer bytes than asked
            }
            return JSON.readValue(line.array(), IndexLine.class).mail();
        } catch (IOException | JacksonException e) {
            throw new IllegalStateException("cannot read the index of the received e-mails in " + directory
                    + " (./extauth reset starts afresh): " + e.getMessage(), e);
        }
    }

    /**
     * The index's lines by file name, read a chunk at a time and each line only for what a start keeps (its
     * Message-ID and recipients): reading the whole index at once and every line's text and HTML held a home's whole
     * mail in memory until the start had gone through it, and a home used for ~76,000 orders (136,000 e-mails, an
     * index of 233 MB) no longer started in the stack's 512 MiB heap (issue 14).
     */
    private Map<String, Indexed> readIndex() {
        Path index = directory.resolve(INDEX);
        Map<String, Indexed> indexed = new HashMap<>();
        if (!Files.exists(index)) {
            return indexed;
        }
        try (InputStream in = Files.newInputStream(index)) {
            byte[] chunk = new byte[1 << 16];
            byte[] line = new byte[1 << 12];
            int lineLength = 0;
            long read = 0;
            long lineStart = 0;
            for (int count = in.read(chunk); count != -1; count = in.read(chunk)) {
                int from = 0;
                for (int i = 0; i < count; i++) {
                    if (chunk[i] == '\n') {
                        line = append(line, lineLength, chunk, from, i - from);
                        lineLength += i - from;
                        readLine(line, lineLength, lineStart, indexed);
                        lineLength = 0;
                        lineStart = read + i + 1;
                        from = i + 1;
                    }
                }
                line = append(line, lineLength, chunk, from, count - from);
                lineLength += count - from;
                read += count;
            }
            readLine(line, lineLength, lineStart, indexed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the index of the received e-mails " + index, e);
        }
        return indexed;
    }

    private static byte[] append(byte[] line, int length, byte[] chunk, int from, int count) {
        byte[] target = length + count <= line.length ? line
                : Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        System.arraycopy(chunk, from, target, length, count);
        return target;
    }

    private static void readLine(byte[] line, int length, long at, Map<String, Indexed> indexed) {
        if (length == 0) {
            return;
        }
        try {
            // a line cut by a kill (even mid-character) spoils that line only
            IndexHead head = HEADS.readValue(line, 0, length);
            indexed.put(head.file(), new Indexed(at, length, head.mail()));
        } catch (JacksonException e) {
            // half written by a killed stack: its file is parsed again
        }
    }

    /**
     * Appends the file's line and returns the message's entry; a line that is lost only means the file is parsed
     * again at the next start (the entry then keeps what the read API shows).
     */
    private Entry indexed(String fileName, Instant receivedAt, ReceivedMail mail) {
        Path index = directory.resolve(INDEX);
        try (FileChannel out = FileChannel.open(index, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            byte[] line = JSON.writeValueAsBytes(new IndexLine(fileName, mail));
            long at = out.size() + 1;
            // a line of its own even after a half line a killed stack left
            ByteBuffer bytes = ByteBuffer.allocate(line.length + 2).put((byte) '\n').put(line).put((byte) '\n').flip();
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            return entry(receivedAt, mail.messageId(), mail.to(), at, line.length);
        } catch (IOException e) {
            System.err.println("GreenMail: " + fileName + " was not indexed (parsed again at the next start): "
                    + e.getMessage());
            return new Entry(receivedAt, mail.messageId(), mail.to(), -1, 0, mail);
        }
    }

    private static Entry entry(Instant receivedAt, @Nullable String messageId, List<String> to, long indexAt,
            int indexLength) {
        return new Entry(receivedAt, messageId, List.copyOf(to), indexAt, indexLength, null);
    }

    private static ReceivedMail parse(byte[] raw, Instant receivedAt, Path file) {
        MimeMessage message;
        try {
            message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
        } catch (MessagingException | RuntimeException e) {
            throw unreadable(file, e);
        }
        return read(message, receivedAt, file);
    }

    private static ReceivedMail read(MimeMessage message, Instant receivedAt, Path file) {
        try {
            return MimeReader.read(message, receivedAt);
        } catch (RuntimeException e) {
            throw unreadable(file, e);
        }
    }

    private static IllegalStateException unreadable(Path file, Exception e) {
        return new IllegalStateException("unreadable e-mail " + file + " (delete it, or ./extauth reset): "
                + e.getMessage(), e);
    }
}
