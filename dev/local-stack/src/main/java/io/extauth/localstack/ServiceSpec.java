package io.extauth.localstack;

import java.util.List;

/**
 * One Spring Boot application to run in this JVM: its main class and its command-line style properties.
 *
 * @param host the host its URL names: the address it listens on as a URL writes it (an IPv6 literal in brackets), or
 *             127.0.0.1 for one that listens on every address
 */
public record ServiceSpec(String name, String mainClass, String host, int port, List<String> args) {

    public String url() {
        return "http://" + host + ":" + port;
    }
}
