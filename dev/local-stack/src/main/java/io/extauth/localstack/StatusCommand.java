package io.extauth.localstack;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code status}: one account user (or every user of an account) at a glance, read from the services' public HTTP
 * APIs with a short-lived OPERATOR token signed with the local stack's key: nothing but what an operator may read.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Show a user's order, state, strikes, lock, phones and e-mails.",
        description = "Reads order-, challenge- and notification-service of the running stack with an operator token.")
final class StatusCommand implements Callable<Integer> {

    private static final int PAGE = 100;

    @Mixin HomeOptions home;

    @Option(names = "--account", required = true, description = "The account (accountId).")
    String accountId = "";

    @Option(names = "--user", description = "One user of it (default: every user the account ordered for).")
    @Nullable String userId;

    @Option(names = "--order-port", defaultValue = "${env:EXTAUTH_ORDER_PORT:-8081}",
            description = "Port of order-service (default: ${DEFAULT-VALUE}).")
    int orderPort;

    @Option(names = "--challenge-port", defaultValue = "${env:EXTAUTH_CHALLENGE_PORT:-8083}",
            description = "Port of challenge-service (default: ${DEFAULT-VALUE}).")
    int challengePort;

    @Option(names = "--notification-port", defaultValue = "${env:EXTAUTH_NOTIFICATION_PORT:-8084}",
            description = "Port of notification-service (default: ${DEFAULT-VALUE}).")
    int notificationPort;

    @Option(names = "--bind", defaultValue = "${env:EXTAUTH_BIND:-127.0.0.1}",
            description = "The address ./extauth up was bound to (default: ${DEFAULT-VALUE}); the services are asked "
                    + "there, or on 127.0.0.1 when it is every address.")
    String bind = StackSettings.LOOPBACK;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private String token = "";

    @Override
    public Integer call() throws IOException, InterruptedException {
        token = new JwtKeys(home.keysDir()).sign(new TokenRequest("extauth-status", TokenRequest.Role.OPERATOR, null,
                Duration.ofMinutes(5)));
        try {
            List<JsonNode> orders = new ArrayList<>();
            get(orderPort, "/api/orders?accountId=" + encode(accountId) + "&size=" + PAGE).path("items")
                    .forEach(orders::add);
            TreeSet<String> users = new TreeSet<>();
            if (userId != null) {
                users.add(userId);
            } else {
                orders.forEach(order -> users.add(order.path("userId").asText()));
            }
            if (users.isEmpty()) {
                System.out.println("account " + accountId + ": no orders (name a user with --user)");
            }
            for (String user : users) {
                List<JsonNode> theirs = orders.stream().filter(o -> o.path("userId").asText().equals(user)).toList();
                JsonNode factor = get(challengePort, "/api/users/" + encode(user) + "/external-auth?accountId="
                        + encode(accountId));
                JsonNode emails = get(notificationPort, "/api/accounts/" + encode(accountId) + "/users/"
                        + encode(user) + "/emails");
                StatusReport.of(accountId, user, theirs, factor, emails).forEach(System.out::println);
                System.out.println();
            }
            return 0;
        } catch (Unreadable e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    private JsonNode get(int port, String path) throws IOException, InterruptedException {
        String host = host(bind);
        URI uri = URI.create("http://" + host + ":" + port + path);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Unreadable("nothing listens on " + host + ":" + port + "; is ./extauth up running?");
        }
        if (response.statusCode() != 200) {
            throw new Unreadable("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    /** Where the services of a stack bound to {@code bind} answer, as a URL names it. */
    static String host(String bind) {
        return ServiceArguments.urlHost(ServiceArguments.wildcard(bind) ? StackSettings.LOOPBACK : bind);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }
}
