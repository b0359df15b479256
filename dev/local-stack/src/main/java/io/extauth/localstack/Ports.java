package io.extauth.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Port helpers: 0 means "any free port", and a taken port is reported before anything starts. */
final class Ports {

    static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /** Where "any free port" is chosen: below Linux's ephemeral range (32768-60999), see {@link #resolve}. */
    private static final int FIRST_CHOSEN = 20_000;
    private static final int LAST_CHOSEN = 32_767;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** Each chosen port's reservation, for the JVM's life: bound with {@code SO_REUSEADDR}, never listening. */
    private static final Map<Integer, SocketChannel> RESERVED = new ConcurrentHashMap<>();

    /**
     * The port itself, or a currently free one when it is 0. A port is chosen at random below the ephemeral range,
     * not by binding port 0: the kernel takes ephemeral ports for outgoing connections (the services' own Kafka and
     * database clients), so a port chosen there and bound seconds later may meanwhile be some connection's local port.
     * A candidate must have no socket bound to it at all, not even one that would let a listener share it (another
     * JVM's reservation, below). No port is handed out twice in one JVM.
     *
     * <p>A chosen port is also reserved for the JVM's life (one file descriptor each; it is never handed out again
     * anyway): a socket of this JVM stays bound to it with {@code SO_REUSEADDR}, never listening. On Linux the
     * listener the port was chosen for binds it as if the reservation were not there (GreenMail and PostgreSQL set
     * {@code SO_REUSEADDR} themselves, Go's Prometheus too; Kafka, Tomcat and the JDK's HTTP server get it as the JDK's
     * default there), as Linux lets such sockets share a port while none of them listens. What the reservation keeps
     * off: an outgoing connection (on a host whose ephemeral range reaches below 32768) and a program binding the port
     * without that option. It does not keep off another listener that sets it. Where a reservation would keep the
     * listener off too (not Linux), it is let go at once and the port handed out unreserved, as before. Before, a port
     * found free was taken before its listener bound it three times in CI (twice GreenMail's SMTP port, once the mail
     * read API), in the seconds a stack takes to start; who took it was never seen, so whether this is the cure is
     * not known.
     */
    static int resolve(int port) {
        if (port != 0) {
            return port;
        }
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(FIRST_CHOSEN, LAST_CHOSEN + 1);
            if (isUnbound(candidate) && HANDED_OUT.add(candidate) && reserve(candidate)) {
                return candidate;
            }
        }
        throw new UncheckedIOException(new IOException("no free port between " + FIRST_CHOSEN + " and " + LAST_CHOSEN
                + " on " + LOOPBACK));
    }

    /** False when the port was taken since it was found unbound (the caller chooses another). */
    private static boolean reserve(int port) {
        SocketChannel reservation = null;
        try {
            reservation = SocketChannel.open();
            reservation.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            reservation.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
            if (isFree(port)) {
                RESERVED.put(port, reservation);
            } else {
                closeQuietly(reservation); // a system where the reservation would keep the listener off too
            }
            return true;
        } catch (BindException e) {
            closeQuietly(reservation);
            return false;
        } catch (IOException e) {
            closeQuietly(reservation);
            throw new UncheckedIOException("could not reserve port " + port + " on " + LOOPBACK, e);
        }
    }

    /** Whether no socket at all is bound to the port: a bind without {@code SO_REUSEADDR} succeeds. */
    static boolean isUnbound(int port) {
        return binds(port, false);
    }

    static boolean isReserved(int port) {
        return RESERVED.containsKey(port);
    }

    private static void closeQuietly(@Nullable SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // it never listened: nothing to tell anyone
        }
    }

    /** Whether a listener could bind the port now (with {@code SO_REUSEADDR}, as every listener of the stack does). */
    static boolean isFree(int port) {
        return binds(LOOPBACK, port, true);
    }

    /**
     * The same on {@code address}, an IP literal (an IPv6 one with or without brackets): the four services listen on
     * {@code --bind}'s address, where another program may hold the port while loopback's is free.
     */
    static boolean isFree(String address, int port) {
        return binds(address.replaceAll("^\\[|\\]$", ""), port, true);
    }

    private static boolean binds(int port, boolean reuseAddress) {
        return binds(LOOPBACK, port, reuseAddress);
    }

    private static boolean binds(String address, int port, boolean reuseAddress) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(reuseAddress);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Throws {@link PortTakenException} naming what wanted the port and, where it can be found, who holds it. */
    static void requireFree(int port, String usedFor) {
        if (port != 0 && !isFree(port)) {
            throw new PortTakenException(port, usedFor, holder(port));
        }
    }

    /**
     * Who holds a TCP port on this machine, as far as this user may see: "pid 4242 (python3 -m http.server 8080)", or
     * "this process (pid 17)", or empty when no socket is bound to it (or on a system without Linux's {@code /proc}).
     * Read from {@code /proc/net/tcp} and {@code tcp6} (every socket listening or connected on the port, except those
     * only waiting out TIME_WAIT, which never keep a new listener off; a socket only bound, such as a reservation of
     * {@link #resolve}, is not listed there) and from the processes' open files.
     */
    static Optional<String> holder(int port) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try (Stream<String> lines = Files.lines(Path.of(table))) {
                lines.skip(1).map(line -> line.trim().split("\\s+"))
                        .filter(fields -> fields.length > 9 && !TIME_WAIT.equals(fields[3])
                                && fields[1].endsWith(String.format(":%04X", port)) && !"0".equals(fields[9]))
                        .forEach(fields -> inodes.add(fields[9]));
            } catch (IOException | UncheckedIOException e) {
                // not Linux, or not readable: nothing to say
            }
        }
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(process -> process.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(process -> holdsAnyOf(process, inodes)).findFirst().map(Ports::describe)
                    .or(() -> Optional.of("a process this user cannot see"));
        } catch (IOException | UncheckedIOException e) {
            return Optional.of("a process this user cannot see");
        }
    }

    private static final String TIME_WAIT = "06";

    private static boolean holdsAnyOf(Path process, Set<String> inodes) {
        try (Stream<Path> files = Files.list(process.resolve("fd"))) {
            return files.anyMatch(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1));
                } catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return false; // gone, or another user's
        }
    }

    private static String describe(Path process) {
        long pid = Long.parseLong(process.getFileName().toString());
        if (pid == ProcessHandle.current().pid()) {
            return "this process (pid " + pid + ")";
        }
        try {
            String command = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').strip();
            return "pid " + pid + (command.isEmpty() ? "" : " ("
                    + (command.length() > 120 ? command.substring(0, 117) + "..." : command) + ")");
        } catch (IOException e) {
            return "pid " + pid;
        }
    }
}
