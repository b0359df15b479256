package io.extauth.service.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;

/** Jackson's own string reading, refusing text with a NUL while the parser still knows which field it is. */
final class StorableStringDeserializer extends StringDeserializer {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String text = super.deserialize(parser, context);
        if (!StorableText.isStorable(text)) {
            throw new UnstorableTextException(parser);
        }
        return text;
    }
}
