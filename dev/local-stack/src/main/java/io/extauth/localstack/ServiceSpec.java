package io.extauth.localstack;

import java.util.List;

/** One Spring Boot application to run in this JVM: its main class and its command-line style properties. */
public record ServiceSpec(String name, String mainClass, int port, List<String> args) {

    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }
}
