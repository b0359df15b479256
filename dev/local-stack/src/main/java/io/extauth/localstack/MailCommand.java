package io.extauth.localstack;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mail}: what the services have e-mailed so far, as the running stack's SMTP server received it. */
@Command(name = "mail", mixinStandardHelpOptions = true,
        header = "Print the e-mails the running stack received.",
        description = "What the services have e-mailed so far, oldest first, with the text of each.")
final class MailCommand implements Callable<Integer> {

    @Option(names = "--to", description = "Only messages to this address (default: all).")
    @Nullable String to;

    @Option(names = "--mail-api-port", defaultValue = "${env:EXTAUTH_MAIL_API_PORT:-8025}",
            description = "Port of the running stack's mail read API (default: ${DEFAULT-VALUE}).")
    int mailApiPort;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String uri = "http://127.0.0.1:" + mailApiPort + "/messages"
                + (to == null ? "" : "?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            System.err.println("nothing listens on 127.0.0.1:" + mailApiPort + "; is ./extauth up running?");
            return 1;
        }
        if (response.statusCode() != 200) {
            System.err.println("the mail read API answered " + response.statusCode() + ": " + detail(response.body()));
            return 1;
        }
        List<ReceivedMail> messages = new ObjectMapper().readValue(response.body(), new TypeReference<>() { });
        if (messages.isEmpty()) {
            System.out.println(to == null ? "no messages" : "no messages to " + to);
        }
        int number = 0;
        for (ReceivedMail mail : messages) {
            number++;
            System.out.printf("#%d  %s%n", number, mail.receivedAt());
            // as ./extauth tail shows records: anyone on this machine may send to the stack's SMTP server, and an escape
            // sequence in a subject or a body would drive the reader's terminal
            System.out.printf("    From:    %s%n    To:      %s%n    Subject: %s%n%n", CloudEventLine.shown(mail.from()),
                    CloudEventLine.shown(String.join(", ", mail.to())), CloudEventLine.shown(mail.subject()));
            String body = mail.text() != null ? mail.text() : mail.html() != null ? "(HTML only)\n" + mail.html() : "(no body)";
            body.lines().forEach(line -> System.out.println("    " + CloudEventLine.shown(line)));
            System.out.println();
        }
        return 0;
    }

    /** What a problem the API answered says (an empty {@code --to}); the body itself if it is no problem's JSON. */
    private static String detail(String body) {
        try {
            return new ObjectMapper().readTree(body).path("detail").asString(body);
        } catch (JacksonException e) {
            return body;
        }
    }
}
