package io.extauth.service.input;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/** A JSON string with a character no service can store; Jackson adds the path of the field as it unwinds. */
public class UnstorableTextException extends MismatchedInputException {

    UnstorableTextException(JsonParser parser) {
        super(parser, "The text contains a NUL character", String.class);
    }
}
