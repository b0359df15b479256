package io.extauth.service.asyncapi;

import io.github.springwolf.asyncapi.v3.model.operation.Operation;
import io.github.springwolf.core.asyncapi.annotations.AsyncListener;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import io.github.springwolf.core.asyncapi.annotations.AsyncPublisher;
import io.github.springwolf.core.asyncapi.scanners.operations.annotations.OperationCustomizer;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * One method that reads (or writes) several event types on a topic is one operation of the AsyncAPI document, and
 * Springwolf keeps the description of its first {@code @AsyncListener} only: what the method does with the other
 * types was missing from the document integrators read (notification-service's {@code auth.activated} operation said
 * nothing of {@code FactorSettingsChanged} or {@code Deactivated}). Such an operation is described type by type, each
 * with its annotation's own description; an operation of one type keeps its description as written.
 */
public final class EveryPayloadDescribed implements OperationCustomizer {

    @Override
    public void customize(Operation operation, Method method) {
        List<AsyncOperation> operations = new ArrayList<>();
        for (AsyncListener listener : method.getAnnotationsByType(AsyncListener.class)) {
            operations.add(listener.operation());
        }
        for (AsyncPublisher publisher : method.getAnnotationsByType(AsyncPublisher.class)) {
            operations.add(publisher.operation());
        }
        if (operations.size() > 1) {
            operation.setDescription(described(operations));
        }
    }

    /** A line per type: {@code - **Type**: description}. */
    static String described(List<AsyncOperation> operations) {
        List<String> lines = new ArrayList<>();
        for (AsyncOperation each : operations) {
            lines.add("- **" + each.payloadType().getSimpleName() + "**: " + each.description());
        }
        return String.join("\n", lines);
    }
}
