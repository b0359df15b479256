package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.TestJwt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The topics this service documents are the contract's: the served AsyncAPI document lists exactly the channels,
 * messages and payload schemas of the committed copy in {@code docs/api} (the local stack's end-to-end test compares
 * the whole document; this one fails fast, without the stack, when a publisher is moved). The served document,
 * normalised as the committed copies are, is written to {@code target/} so the copy can be compared or replaced.
 */
class AsyncApiDocumentIntegrationTest extends IntegrationTestBase {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    private static final Path COMMITTED = Path.of("..", "docs", "api", "challenge-service.asyncapi.json");

    @Test
    void theServedDocumentListsTheChannelsMessagesAndSchemasOfTheCommittedCopy() throws IOException {
        JsonNode served = get("/springwolf/docs", TestJwt.operator()).getBody();
        Files.writeString(Path.of("target", "challenge-service.asyncapi.json"), normalised(served));
        JsonNode committed = JSON.readTree(Files.readString(COMMITTED));

        for (String part : new String[] {"/channels", "/components/messages", "/components/schemas"}) {
            assertThat(normalised(served.at(part))).as(part).isEqualTo(normalised(committed.at(part)));
        }
    }

    private static String normalised(JsonNode node) {
        JsonNode copy = node.deepCopy();
        if (copy instanceof tools.jackson.databind.node.ObjectNode object) {
            object.remove("servers");
        }
        return JSON.writeValueAsString(JSON.treeToValue(copy, Object.class)) + "\n";
    }
}
