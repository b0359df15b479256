package io.extauth.localstack.cluster;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.extauth.localstack.MailServer;

/**
 * The cluster's mail server as a process of its own: GreenMail SMTP plus the read API ({@code GET /messages}),
 * keeping every message in the mail directory. Arguments: SMTP port, API port, mail directory. SIGTERM stops it.
 */
public final class MailMain {

    private MailMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: MailMain <smtp port> <api port> <mail directory>");
            System.exit(2);
        }
        MailServer mail = new MailServer(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Path.of(args[2])).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mail.close();
            stopped.countDown();
        }, "mail-stop"));
        System.out.println("GreenMail SMTP on " + args[0] + ", read API on http://127.0.0.1:" + args[1] + "/messages");
        stopped.await();
    }
}
