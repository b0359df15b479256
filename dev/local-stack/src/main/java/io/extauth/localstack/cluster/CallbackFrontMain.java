package io.extauth.localstack.cluster;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The callback front as a process of its own ({@code callback-front} in the cluster and in docker-compose.yml).
 * Arguments: the address to listen on, the port, the instances' base URLs separated by commas, and optionally the
 * largest body in bytes (default {@value CallbackFront#DEFAULT_MAX_BODY_BYTES}). SIGTERM stops it.
 */
public final class CallbackFrontMain {

    private CallbackFrontMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: CallbackFrontMain <listen address> <port> <instance url>[,<instance url>...] [max body bytes]");
            System.exit(2);
        }
        List<URI> backends = Arrays.stream(args[2].split(",")).map(String::strip).filter(url -> !url.isEmpty())
                .map(URI::create).toList();
        int maxBody = args.length == 4 ? Integer.parseInt(args[3]) : CallbackFront.DEFAULT_MAX_BODY_BYTES;
        CallbackFront front = CallbackFront.start(args[0], Integer.parseInt(args[1]), backends, maxBody);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            front.close();
            stopped.countDown();
        }, "callback-front-stop"));
        System.out.println("callback front on " + args[0] + ":" + front.port() + CallbackFront.PATH_PREFIX + " -> " + backends);
        stopped.await();
    }
}
