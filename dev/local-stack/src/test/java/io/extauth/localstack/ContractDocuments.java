package io.extauth.localstack;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed OpenAPI and AsyncAPI documents under {@code docs/api}: compared with what the running services
 * serve, or rewritten with {@code -Dextauth.docs.update=true}. What changes from run to run (server addresses) is
 * left out, and keys are sorted, so a difference is a real change of the contract.
 */
final class ContractDocuments {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private final Path directory;
    private final boolean update = Boolean.getBoolean("extauth.docs.update");
    private final List<String> outOfStep = new ArrayList<>();

    ContractDocuments(Path directory) {
        this.directory = directory;
    }

    void check(String name, JsonNode served) throws IOException {
        String text = normalised(served);
        Path file = directory.resolve(name);
        if (update) {
            Files.createDirectories(directory);
            Files.writeString(file, text);
        } else if (!Files.exists(file)) {
            outOfStep.add(name + " is missing");
        } else if (!Files.readString(file).equals(text)) {
            outOfStep.add(name + " differs from what the service serves");
        }
    }

    List<String> outOfStep() {
        return outOfStep;
    }

    private static String normalised(JsonNode document) {
        JsonNode copy = document.deepCopy();
        if (copy instanceof ObjectNode object) {
            object.remove("servers");
        }
        // through a tree of sorted maps: ORDER_MAP_ENTRIES_BY_KEYS applies to maps, not to JsonNode objects
        Object sorted = JSON.treeToValue(copy, Object.class);
        return JSON.writeValueAsString(sorted) + "\n";
    }
}
