package io.extauth.localstack;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** One e-mail GreenMail received, as the read API returns it. {@code receivedAt} is an ISO-8601 instant. */
public record ReceivedMail(
        @Nullable String messageId,
        @Nullable String from,
        List<String> to,
        @Nullable String subject,
        @Nullable String text,
        @Nullable String html,
        @Nullable String receivedAt) {

    boolean isAddressedTo(String address) {
        return to.stream().anyMatch(recipient -> recipient.equalsIgnoreCase(address));
    }
}
