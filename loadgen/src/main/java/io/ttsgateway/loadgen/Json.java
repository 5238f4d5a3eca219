package io.ttsgateway.loadgen;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The little JSON this tool needs, on Jackson: reading the server's small messages and quoting
 * strings for the ones it writes.
 *
 * <p>Values read become {@link Map} (objects, in order), {@link java.util.List}, {@link String},
 * numbers, {@link Boolean} or {@code null}.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() { };

    private Json() {
    }

    /**
     * Parses a JSON object.
     *
     * @param text the whole message
     * @return its members
     * @throws IllegalArgumentException if the text is not one well-formed JSON object
     */
    public static Map<String, Object> parseObject(String text) {
        try {
            Map<String, Object> object = MAPPER.readValue(text, OBJECT);
            if (object == null) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A string member.
     *
     * @param object the object, may be {@code null}
     * @param name   member name
     * @return the member if it is a string, else {@code null}
     */
    public static String string(Map<String, Object> object, String name) {
        return object != null && object.get(name) instanceof String value ? value : null;
    }

    /**
     * An object member.
     *
     * @param object the object, may be {@code null}
     * @param name   member name
     * @return the member if it is an object, else {@code null}
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> object, String name) {
        return object != null && object.get(name) instanceof Map<?, ?> value ? (Map<String, Object>) value : null;
    }

    /**
     * A new, empty JSON object to fill.
     *
     * @return the object
     */
    public static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    /**
     * Writes a JSON tree on one line.
     *
     * @param node the tree
     * @return its JSON text
     */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serializes", e);
        }
    }

    /**
     * Quotes a string as a JSON string literal.
     *
     * @param value the string
     * @return the literal, quotes included
     */
    public static String quote(String value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always serializes", e);
        }
    }
}
