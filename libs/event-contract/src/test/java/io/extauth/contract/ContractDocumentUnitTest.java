package io.extauth.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/CONTRACT.md is what integrators read; the records here are what the services write. The document's event
 * index names every event type, its topic and every {@code data} field, so a new event or field that is not
 * written down (or a row for one that no longer exists) fails the build.
 */
class ContractDocumentUnitTest {

    private static final Path CONTRACT = Path.of("../../docs/CONTRACT.md");
    private static final String INDEX_HEADING = "## 8. Event index";

    record Row(String topic, Set<String> fields) {
    }

    @Test
    void theEventIndexOfTheContractDocumentNamesExactlyTheEventTypesOfTheContractModule() throws IOException {
        assertThat(eventIndex().keySet()).containsExactlyInAnyOrderElementsOf(EventTypes.names());
    }

    @Test
    void eachEventTypeIsDocumentedOnItsTopicWithEveryFieldOfItsRecord() throws IOException {
        Map<String, Row> index = eventIndex();
        for (String type : EventTypes.names()) {
            Row row = index.get(type);
            assertThat(row).as("row of %s in %s", type, CONTRACT).isNotNull();
            assertThat(row.topic()).as("topic of %s", type).isEqualTo(EventTypes.topicOf(type).orElseThrow());
            Set<String> fields = Arrays.stream(EventTypes.classOf(type).orElseThrow().getRecordComponents())
                    .map(RecordComponent::getName).collect(Collectors.toCollection(LinkedHashSet::new));
            assertThat(row.fields()).as("data fields of %s", type).containsExactlyInAnyOrderElementsOf(fields);
        }
    }

    @Test
    void everyTopicAndItsDeadLetterTopicIsNamedInTheContractDocument() throws IOException {
        String document = Files.readString(CONTRACT);
        for (String topic : Topics.ALL) {
            assertThat(document).as("topic %s", topic).contains("`" + topic + "`");
        }
        assertThat(document).contains("`<topic>-dlt`");
    }

    @Test
    void everyChallengeOutcomeIsNamedInTheContractDocumentsListOfOutcomes() throws IOException {
        String document = Files.readString(CONTRACT);
        int list = document.indexOf("`outcome` (");
        assertThat(list).as("the list of ChallengeResult outcomes in %s", CONTRACT).isNotNegative();
        String outcomes = document.substring(list, document.indexOf(")", list));
        for (ChallengeOutcome outcome : ChallengeOutcome.values()) {
            assertThat(outcomes).as("outcome %s", outcome).contains("`" + outcome.name() + "`");
        }
    }

    @Test
    void everyCloudEventsHeaderIsNamedInTheContractDocument() throws IOException {
        String document = Files.readString(CONTRACT);
        for (String header : List.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID, CloudEventHeaders.SOURCE,
                CloudEventHeaders.TYPE, CloudEventHeaders.TIME, CloudEventHeaders.SUBJECT,
                CloudEventHeaders.CONTENT_TYPE)) {
            assertThat(document).as("header %s", header).contains("`" + header);
        }
    }

    /** The rows {@code | `Type` | `topic` | `field`, `field` |} of the index section, by type. */
    private static Map<String, Row> eventIndex() throws IOException {
        List<String> lines = Files.readAllLines(CONTRACT);
        int start = lines.indexOf(INDEX_HEADING);
        assertThat(start).as("a section '%s' in %s", INDEX_HEADING, CONTRACT).isNotNegative();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            String[] cells = line.split("\\|");
            if (!line.startsWith("| `") || cells.length < 4) {
                continue;
            }
            Set<String> fields = Arrays.stream(cells[3].split(","))
                    .map(field -> field.strip().replace("`", "")).filter(field -> !field.isEmpty())
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            rows.put(unquote(cells[1]), new Row(unquote(cells[2]), fields));
        }
        return rows;
    }

    private static String unquote(String cell) {
        return cell.strip().replace("`", "");
    }
}
