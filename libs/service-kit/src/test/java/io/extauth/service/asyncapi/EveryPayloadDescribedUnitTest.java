package io.extauth.service.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.springwolf.asyncapi.v3.model.operation.Operation;
import io.github.springwolf.core.asyncapi.annotations.AsyncListener;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

class EveryPayloadDescribedUnitTest {

    record Opened(String id) {
    }

    record Closed(String id) {
    }

    static final class Listeners {

        @AsyncListener(operation = @AsyncOperation(channelName = "doors", payloadType = Opened.class,
                description = "Counts the door as open"))
        @AsyncListener(operation = @AsyncOperation(channelName = "doors", payloadType = Closed.class,
                description = "Counts the door as closed"))
        void doors(String record) {
        }

        @AsyncListener(operation = @AsyncOperation(channelName = "windows", payloadType = Opened.class,
                description = "Counts the window as open"))
        void windows(String record) {
        }
    }

    private final EveryPayloadDescribed customizer = new EveryPayloadDescribed();

    @Test
    void anOperationOfSeveralTypesIsDescribedTypeByType() throws NoSuchMethodException {
        Method doors = Listeners.class.getDeclaredMethod("doors", String.class);
        // as Springwolf makes it: the first annotation's description only
        Operation operation = Operation.builder().description("Counts the door as open").build();

        customizer.customize(operation, doors);

        assertThat(operation.getDescription()).isEqualTo("- **Opened**: Counts the door as open\n"
                + "- **Closed**: Counts the door as closed");
    }

    @Test
    void anOperationOfOneTypeKeepsItsDescription() throws NoSuchMethodException {
        Method windows = Listeners.class.getDeclaredMethod("windows", String.class);
        Operation operation = Operation.builder().description("Counts the window as open").build();

        customizer.customize(operation, windows);

        assertThat(operation.getDescription()).isEqualTo("Counts the window as open");
    }
}
