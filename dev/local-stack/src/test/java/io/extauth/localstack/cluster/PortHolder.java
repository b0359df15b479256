package io.extauth.localstack.cluster;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A process for the supervisor test: listens on the port it is given until it is stopped. */
public final class PortHolder {

    private PortHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), Integer.parseInt(args[0])));
            System.out.println("holding port " + args[0]);
            while (true) {
                socket.accept().close();
            }
        }
    }
}
