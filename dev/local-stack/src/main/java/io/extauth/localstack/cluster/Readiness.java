package io.extauth.localstack.cluster;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/** How the supervisor tells that a started process serves: probed often, so each probe gives up within a second. */
@FunctionalInterface
public interface Readiness {

    int PROBE_TIMEOUT_MS = 1_000;

    boolean isReady();

    /** Every one of the ports accepts a connection. */
    static Readiness listening(List<Integer> ports) {
        return () -> ports.stream().allMatch(Readiness::accepts);
    }

    /** The URL answers 200 (a service's {@code /actuator/health/readiness}: UP only with its broker and database). */
    static Readiness http(String url) {
        return () -> {
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
                connection.setConnectTimeout(PROBE_TIMEOUT_MS);
                connection.setReadTimeout(PROBE_TIMEOUT_MS);
                try {
                    return connection.getResponseCode() == 200;
                } finally {
                    connection.disconnect();
                }
            } catch (IOException e) {
                return false;
            }
        };
    }

    /** A JDBC session opens: PostgreSQL listens before it takes sessions (it answers "starting up" meanwhile). */
    static Readiness jdbc(String url, String user, String password) {
        return () -> {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            properties.setProperty("password", password);
            properties.setProperty("connectTimeout", "1");
            properties.setProperty("socketTimeout", "1");
            try (Connection connection = DriverManager.getConnection(url, properties)) {
                return connection.isValid(1);
            } catch (SQLException e) {
                return false;
            }
        };
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ClusterLayout.HOST, port), PROBE_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
