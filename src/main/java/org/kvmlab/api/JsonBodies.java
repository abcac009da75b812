package org.kvmlab.api;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** Reading small JSON request bodies by hand, so a wrong shape gets a message naming the fields to send. */
final class JsonBodies {

    /** Largest JSON body read, in characters. */
    static final int MAX_BODY = 64 * 1024;

    private JsonBodies() {
    }

    /** The body as a JSON object; null when it is not one (or too long). */
    static JsonObject object(String body) {
        if (body == null || body.length() > MAX_BODY) {
            return null;
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            return value.getValueType() == JsonValue.ValueType.OBJECT ? value.asJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A string field; null when absent or not a string. */
    static String string(JsonObject object, String key) {
        JsonValue value = object == null ? null : object.get(key);
        return value instanceof JsonString s ? s.getString() : null;
    }
}
