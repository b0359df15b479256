package io.extauth.service.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** A JSON string with a character no service can store; Jackson adds the path of the field as it unwinds. */
public class UnstorableTextException extends MismatchedInputException {

    UnstorableTextException(JsonParser parser) {
        super(parser, "The text contains a NUL character", String.class);
    }
}
