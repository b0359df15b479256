package io.extauth.service.input;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;

/** Jackson's own string reading, refusing text with a NUL while the parser still knows which field it is. */
final class StorableStringDeserializer extends StringDeserializer {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
        String text = super.deserialize(parser, context);
        if (!StorableText.isStorable(text)) {
            throw new UnstorableTextException(parser);
        }
        return text;
    }
}
